// QuantLib's C++ Black-76 on the benchmark grid of issue 3, timed side by side with the desk's
// TypeScript: prints one JSON line {"ns_per_price","ns_per_iv","iv_max_abs_err","options"}.
// The grid is drawn with the same Park-Miller generator as bench/suites/pricing-grid.ts, so
// both sides see the same options: F = 100, T in [1 day, 2 years], vol in [20%, 150%],
// K = F exp(vol sqrt(T) z) with z in [-2, 2], calls and puts alternating.
#include <ql/pricingengines/blackformula.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace QuantLib;

namespace {
double seed = 1;
double uniform() {
    seed = std::fmod(seed * 16807.0, 2147483647.0);
    return seed / 2147483647.0;
}
double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    size_t m = v.size() / 2;
    return v.size() % 2 ? v[m] : 0.5 * (v[m - 1] + v[m]);
}
}

int main(int argc, char** argv) {
    const int n = argc > 1 ? std::atoi(argv[1]) : 200000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const double F = 100;
    std::vector<double> T(n), vol(n), K(n), stdDev(n), price(n);
    std::vector<Option::Type> type(n);
    for (int i = 0; i < n; i++) {
        T[i] = 1.0 / 365 + uniform() * (2 - 1.0 / 365);
        vol[i] = 0.2 + uniform() * 1.3;
        double z = -2 + 4 * uniform();
        K[i] = F * std::exp(vol[i] * std::sqrt(T[i]) * z);
        stdDev[i] = vol[i] * std::sqrt(T[i]);
        type[i] = i % 2 ? Option::Call : Option::Put;
        price[i] = blackFormula(type[i], K[i], F, stdDev[i]);
    }
    std::vector<double> priceNs, ivNs;
    double sink = 0, maxErr = 0;
    for (int r = 0; r < runs; r++) {
        auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; i++) sink += blackFormula(type[i], K[i], F, stdDev[i]);
        auto t1 = std::chrono::steady_clock::now();
        for (int i = 0; i < n; i++) {
            double v = blackFormulaImpliedStdDev(type[i], K[i], F, price[i], 1.0, 0.0, Null<Real>(), 1e-12, 100) / std::sqrt(T[i]);
            if (r == 0) maxErr = std::max(maxErr, std::fabs(v - vol[i]));
            sink += v;
        }
        auto t2 = std::chrono::steady_clock::now();
        priceNs.push_back(std::chrono::duration<double, std::nano>(t1 - t0).count() / n);
        ivNs.push_back(std::chrono::duration<double, std::nano>(t2 - t1).count() / n);
    }
    std::printf("{\"ns_per_price\":%.2f,\"ns_per_iv\":%.2f,\"iv_max_abs_err\":%.3e,\"options\":%d,\"sink\":%g}\n",
                median(priceNs), median(ivNs), maxErr, n, sink);
    return 0;
}
