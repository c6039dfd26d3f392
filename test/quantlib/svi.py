"""Raw SVI implied vols from QuantLib's SviSmileSection (ql/experimental/volatility/svismilesection),
the reference for the desk's surface queries at listed expiries. JSON list of
{"T", "forward", "svi": {"a","b","rho","m","sigma"}, "strikes": [...]} on stdin; a list of vol lists out."""
import json
import sys

import QuantLib as ql

out = []
for case in json.load(sys.stdin):
    p = case["svi"]
    # QuantLib's parameter order is (a, b, sigma, rho, m).
    section = ql.SviSmileSection(case["T"], case["forward"], [p["a"], p["b"], p["sigma"], p["rho"], p["m"]])
    out.append([section.volatility(k) for k in case["strikes"]])
json.dump(out, sys.stdout)
