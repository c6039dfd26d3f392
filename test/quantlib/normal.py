"""Reference values for the desk's normal distribution tests, from libm through Python's math
module: erfc(x), and Phi(x) = erfc(-x/sqrt 2)/2 to check the quantile against. JSON list of x on stdin."""
import json
import math
import sys

xs = json.load(sys.stdin)
json.dump({"erfc": [math.erfc(x) for x in xs], "phi": [0.5 * math.erfc(-x / math.sqrt(2)) for x in xs]}, sys.stdout)
