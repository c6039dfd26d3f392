"""QuantLib's implied vol (blackFormulaImpliedStdDev, accuracy 1e-14) for prices given on stdin as
[{"kind","F","K","T","price"}]; the desk's tests compare its own implied vols with these."""
import json
import math
import sys

import QuantLib as ql


def implied(case):
    kind = ql.Option.Call if case["kind"] == "call" else ql.Option.Put
    return ql.blackFormulaImpliedStdDev(kind, case["K"], case["F"], case["price"], 1.0, 0.0, 0.5, 1e-14, 1000) / math.sqrt(case["T"])


json.dump([implied(case) for case in json.load(sys.stdin)], sys.stdout)
