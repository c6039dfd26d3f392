"""QuantLib's Black-76 for the desk's pricing tests: JSON cases on stdin, JSON results on stdout.

Each case is {"kind","F","K","T","vol"}; the answer has QuantLib's price, forward delta and gamma,
vega per unit vol, theta per year (BlackCalculator, discount 1) and the implied vol QuantLib
recovers from its own price.
"""
import json
import math
import sys

import QuantLib as ql


def value(case):
    kind = ql.Option.Call if case["kind"] == "call" else ql.Option.Put
    F, K, T, vol = case["F"], case["K"], case["T"], case["vol"]
    std_dev = vol * math.sqrt(T)
    calc = ql.BlackCalculator(ql.PlainVanillaPayoff(kind, K), F, std_dev, 1.0)
    price = ql.blackFormula(kind, K, F, std_dev, 1.0)
    implied = ql.blackFormulaImpliedStdDev(kind, K, F, price, 1.0, 0.0, 0.5, 1e-14, 1000) / math.sqrt(T)
    return {
        "price": price,
        "delta": calc.deltaForward(),
        "gamma": calc.gammaForward(),
        "vega": calc.vega(T),
        "theta": calc.theta(F, T),
        "implied": implied,
    }


json.dump([value(case) for case in json.load(sys.stdin)], sys.stdout)
