// audioLIME math: perturbations, kernel weights, weighted ridge and Shapley values,
// against sklearn references (tests/python/make_lime_reference.py) and by their
// properties; LimeExplainer end to end on toy predictors.

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "TestData.h"
#include "explain/LimeExplainer.h"
#include "explain/LimeKernel.h"
#include "explain/PerturbationSet.h"
#include "explain/ShapleyValues.h"
#include "explain/WeightedRidge.h"
#include "util/Error.h"

using namespace emotrace;

namespace {

/// One case of the Python reference, read from its raw float64 files.
struct ReferenceCase {
    std::string name;
    int components = 0;
    int targets = 0;
    int rows = 0;
    double kernelWidth = 0.0;
    double alpha = 0.0;
    bool exhaustive = false;
    PerturbationSet set;
    std::vector<std::vector<double>> x;          // [rows][components]
    std::vector<std::vector<double>> y;          // [rows][targets]
    std::vector<double> distances, weights;      // [rows]
    std::vector<std::vector<double>> coef;       // [targets][components]
    std::vector<double> intercept, score, local; // [targets]
    std::vector<std::vector<double>> shapley;    // [targets][components], exhaustive only

    /// The toy predictor, as a lookup of the reference outputs by mask.
    LimeExplainer::BatchPredictor predictor() const
    {
        std::map<std::vector<uint8_t>, std::vector<double>> table;
        for (std::size_t r = 0; r < set.rows.size(); ++r) table[set.rows[r]] = y[r];
        return [table](const std::vector<std::vector<uint8_t>>& masks) {
            std::vector<std::vector<double>> out;
            for (const auto& m : masks) out.push_back(table.at(m));
            return out;
        };
    }
};

std::vector<std::vector<double>> reshape(const std::vector<double>& flat, int rows, int cols)
{
    if (flat.size() != std::size_t(rows) * std::size_t(cols)) throw std::runtime_error("fixture of unexpected size");
    std::vector<std::vector<double>> m(static_cast<std::size_t>(rows));
    for (int r = 0; r < rows; ++r) m[std::size_t(r)].assign(flat.begin() + r * cols, flat.begin() + (r + 1) * cols);
    return m;
}

std::vector<ReferenceCase> referenceCases()
{
    const auto dir = test::workDir("lime_reference");
    std::vector<ReferenceCase> cases;
    const auto index = test::readJson(dir / "index.json"); // a named object: the loop reads into it
    for (const auto& j : index.at("cases")) {
        ReferenceCase c;
        c.name = j.at("name").get<std::string>();
        c.components = j.at("components").get<int>();
        c.targets = j.at("targets").get<int>();
        c.rows = j.at("rows").get<int>();
        c.kernelWidth = j.at("kernel_width").get<double>();
        c.alpha = j.at("alpha").get<double>();
        c.exhaustive = j.at("exhaustive").get<bool>();
        const auto d = dir / c.name;
        auto raw = [&](const char* file) { return test::readRaw<double>(d / file); };
        c.x = reshape(raw("X.f64"), c.rows, c.components);
        c.y = reshape(raw("y.f64"), c.rows, c.targets);
        c.distances = raw("distances.f64");
        c.weights = raw("weights.f64");
        c.coef = reshape(raw("coef.f64"), c.targets, c.components);
        c.intercept = raw("intercept.f64");
        c.score = raw("score.f64");
        c.local = raw("local_pred.f64");
        if (c.exhaustive) c.shapley = reshape(raw("shapley.f64"), c.targets, c.components);
        c.set.components = c.components;
        c.set.exhaustive = c.exhaustive;
        for (const auto& row : c.x) c.set.rows.emplace_back(row.begin(), row.end());
        cases.push_back(std::move(c));
    }
    if (cases.size() != 4) throw std::runtime_error("expected 4 reference cases");
    return cases;
}

bool near(double a, double b, double tolerance) { return std::abs(a - b) <= tolerance; }

#define COMPARE_NEAR(actual, expected, tolerance)                                                                                   \
    do {                                                                                                                            \
        const double a_ = (actual), e_ = (expected);                                                                                \
        if (!near(a_, e_, (tolerance)))                                                                                             \
            QFAIL(qPrintable(QStringLiteral("%1 = %2, expected %3 (tolerance %4)")                                                  \
                                 .arg(QString::fromLatin1(#actual)).arg(a_, 0, 'g', 17).arg(e_, 0, 'g', 17).arg(tolerance)));      \
    } while (false)

/// f(z) = bias + sum_i terms[i] z_i for every target t (scaled by t + 1).
LimeExplainer::BatchPredictor additive(std::vector<double> terms, double bias, int targets = 2)
{
    return [=](const std::vector<std::vector<uint8_t>>& masks) {
        std::vector<std::vector<double>> out;
        for (const auto& m : masks) {
            std::vector<double> row;
            for (int t = 0; t < targets; ++t) {
                double v = bias;
                for (std::size_t i = 0; i < m.size(); ++i) v += (t + 1) * terms[i] * m[i];
                row.push_back(v);
            }
            out.push_back(row);
        }
        return out;
    };
}

std::vector<std::vector<double>> evaluate(const PerturbationSet& set, const LimeExplainer::BatchPredictor& f) { return f(set.rows); }

template <typename F> QString errorOf(F&& f)
{
    try {
        f();
    } catch (const Cancelled&) {
        return QStringLiteral("<cancelled>");
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestExplain : public QObject {
    Q_OBJECT
private:
    std::vector<ReferenceCase> m_cases;

private Q_SLOTS:
    void initTestCase()
    {
        try {
            m_cases = referenceCases();
        } catch (const std::exception& e) {
            QFAIL(qPrintable(QStringLiteral("lime_reference fixtures: %1").arg(QString::fromUtf8(e.what()))));
        }
    }

    // --- perturbations -------------------------------------------------------------------

    void exhaustiveSetHasEveryMaskOnce()
    {
        for (int n = 1; n <= 10; ++n) {
            const auto set = PerturbationSet::enumerated(n);
            QVERIFY(set.exhaustive);
            QCOMPARE(set.components, n);
            QCOMPARE(set.rows.size(), std::size_t(1) << n);
            std::set<std::vector<uint8_t>> distinct(set.rows.begin(), set.rows.end());
            QCOMPARE(distinct.size(), set.rows.size());
            QCOMPARE(set.rows.front(), std::vector<uint8_t>(std::size_t(n), 1));
            QCOMPARE(set.rows.back(), std::vector<uint8_t>(std::size_t(n), 0));
            for (const auto& row : set.rows) QVERIFY(std::all_of(row.begin(), row.end(), [](uint8_t v) { return v <= 1; }));
        }
        QCOMPARE(PerturbationSet::format(PerturbationSet::enumerated(3).rows[1]), std::string("110"));
    }

    void exhaustiveOrderIsAudioLimes()
    {
        // itertools.product([1, 0], repeat=n), as the reference wrote it
        for (const auto& c : m_cases)
            if (c.exhaustive) QCOMPARE(PerturbationSet::enumerated(c.components).rows, c.set.rows);
    }

    void exhaustiveLimits()
    {
        QVERIFY(errorOf([] { PerturbationSet::enumerated(0); }).contains("at least one component"));
        QVERIFY(errorOf([] { PerturbationSet::enumerated(21); }).contains("21 components"));
        QCOMPARE(PerturbationSet::enumerated(20).rows.size(), std::size_t(1) << 20);
    }

    void sampledSet()
    {
        const auto lime = PerturbationSet::Sampler::LimeText;
        const auto a = PerturbationSet::sampled(12, 300, 42, lime);
        QVERIFY(!a.exhaustive);
        QCOMPARE(a.components, 12);
        QCOMPARE(a.rows.size(), std::size_t(300));
        QCOMPARE(a.rows[0], std::vector<uint8_t>(12, 1));
        for (std::size_t r = 1; r < a.rows.size(); ++r) {
            QCOMPARE(a.rows[r].size(), std::size_t(12));
            QVERIFY2(std::count(a.rows[r].begin(), a.rows[r].end(), 0) >= 1, "a drawn row switches at least one component off");
        }
        QCOMPARE(PerturbationSet::sampled(12, 300, 42, lime).rows, a.rows);
        QVERIFY(PerturbationSet::sampled(12, 300, 43, lime).rows != a.rows);
        QCOMPARE(PerturbationSet::sampled(3, 1, 0).rows.size(), std::size_t(1));
        QVERIFY(errorOf([] { PerturbationSet::sampled(3, 0, 0); }).contains("at least one sample"));
        QVERIFY(errorOf([] { PerturbationSet::sampled(0, 10, 0); }).contains("at least one component"));
    }

    void sampledCountsOffAreUniform()
    {
        // LIME's scheme: k uniform in 1..n components off, each component equally likely.
        const int n = 4, samples = 40001;
        const auto set = PerturbationSet::sampled(n, samples, 7, PerturbationSet::Sampler::LimeText);
        std::vector<int> byOff(n + 1, 0), byComponent(n, 0);
        for (std::size_t r = 1; r < set.rows.size(); ++r) {
            byOff[std::size_t(std::count(set.rows[r].begin(), set.rows[r].end(), 0))]++;
            for (int i = 0; i < n; ++i) byComponent[std::size_t(i)] += set.rows[r][std::size_t(i)] == 0;
        }
        QCOMPARE(byOff[0], 0);
        for (int k = 1; k <= n; ++k) QVERIFY(std::abs(byOff[std::size_t(k)] - 10000) < 400);      // ~4.6 sigma
        for (int i = 0; i < n; ++i) QVERIFY(std::abs(byComponent[std::size_t(i)] - 25000) < 500); // E = 40000 * 2.5 / 4
    }

    /// The default sampler is audioLIME's: row 0 all ones, then each component kept with
    /// p = 1/2, independently (so the count switched off is Binomial(n, 1/2), not uniform).
    void sampledAsAudioLime()
    {
        const int n = 4, samples = 40001;
        const auto set = PerturbationSet::sampled(n, samples, 7);
        QCOMPARE(set.sampler, PerturbationSet::Sampler::AudioLime);
        QCOMPARE(set.rows[0], std::vector<uint8_t>(n, 1));
        std::vector<int> byOff(n + 1, 0), byComponent(n, 0);
        for (std::size_t r = 1; r < set.rows.size(); ++r) {
            byOff[std::size_t(std::count(set.rows[r].begin(), set.rows[r].end(), 0))]++;
            for (int i = 0; i < n; ++i) byComponent[std::size_t(i)] += set.rows[r][std::size_t(i)] == 0;
        }
        const double binomial[] = {1, 4, 6, 4, 1}; // C(4, k) / 16 of 40000 rows
        for (int k = 0; k <= n; ++k)
            QVERIFY2(std::abs(byOff[std::size_t(k)] - 2500.0 * binomial[k]) < 450, qPrintable(QString::number(byOff[std::size_t(k)])));
        for (int i = 0; i < n; ++i) QVERIFY(std::abs(byComponent[std::size_t(i)] - 20000) < 450); // p = 1/2, ~4.5 sigma
        QCOMPARE(PerturbationSet::sampled(n, 100, 3).rows, PerturbationSet::sampled(n, 100, 3).rows);
        QVERIFY_THROWS_EXCEPTION(Error, PerturbationSet::samplerFromName("uniform"));
        QCOMPARE(PerturbationSet::samplerFromName("lime-text"), PerturbationSet::Sampler::LimeText);
    }

    void chooseExhaustiveOrSampled()
    {
        QVERIFY(PerturbationSet::choose(5, std::nullopt, 0).exhaustive);
        QVERIFY(PerturbationSet::choose(10, std::nullopt, 0).exhaustive);
        const auto big = PerturbationSet::choose(11, std::nullopt, 0);
        QVERIFY(!big.exhaustive);
        QCOMPARE(big.rows.size(), std::size_t(PerturbationSet::defaultSamples));
        QVERIFY(!PerturbationSet::choose(5, std::nullopt, 0, 16).exhaustive);  // configurable limit
        QVERIFY(PerturbationSet::choose(11, std::nullopt, 0, 2048).exhaustive);
        QCOMPARE(PerturbationSet::choose(5, 20, 0).rows.size(), std::size_t(20)); // fewer asked: sampled
        QVERIFY(!PerturbationSet::choose(5, 20, 0).exhaustive);
        QVERIFY(PerturbationSet::choose(5, 32, 0).exhaustive); // as many: enumerate instead
        QVERIFY(!PerturbationSet::choose(5, std::nullopt, 0, 0).exhaustive);
        QVERIFY(!PerturbationSet::choose(25, std::nullopt, 0, std::numeric_limits<int>::max()).exhaustive);
        QVERIFY(errorOf([] { PerturbationSet::choose(5, 0, 0); }).contains("at least one sample"));
        QVERIFY(errorOf([] { PerturbationSet::choose(5, std::nullopt, 0, -1); }).contains("negative"));
    }

    // --- kernel ----------------------------------------------------------------------------

    void kernelMatchesSklearn()
    {
        for (const auto& c : m_cases) {
            const auto w = LimeKernel::weights(c.set, c.kernelWidth);
            QCOMPARE(w.size(), c.weights.size());
            for (std::size_t r = 0; r < w.size(); ++r) {
                COMPARE_NEAR(LimeKernel::cosineDistanceToOriginal(c.set.rows[r]), c.distances[r], 1e-12);
                COMPARE_NEAR(w[r], c.weights[r], 1e-12);
            }
        }
    }

    void kernelEdgeCases()
    {
        QCOMPARE(LimeKernel::cosineDistanceToOriginal({0, 0, 0}), 1.0); // sklearn: zero row, distance 1
        QCOMPARE(LimeKernel::cosineDistanceToOriginal({1, 1, 1}), 0.0);
        QCOMPARE(LimeKernel::weight(0.0), 1.0);
        COMPARE_NEAR(LimeKernel::weight(1.0), std::exp(-8.0), 1e-15); // sqrt(exp(-1 / 0.0625))
        QVERIFY(errorOf([] { LimeKernel::weight(0.5, 0.0); }).contains("kernel width"));
        QVERIFY(errorOf([] { LimeKernel::cosineDistanceToOriginal({}); }).contains("empty"));
    }

    // --- ridge -----------------------------------------------------------------------------

    void ridgeMatchesSklearn()
    {
        for (const auto& c : m_cases) {
            const auto fits = WeightedRidge::fit(c.x, c.y, c.weights, c.alpha);
            QCOMPARE(fits.size(), std::size_t(c.targets));
            for (int t = 0; t < c.targets; ++t) {
                const auto& f = fits[std::size_t(t)];
                for (int i = 0; i < c.components; ++i) COMPARE_NEAR(f.coefficients[std::size_t(i)], c.coef[std::size_t(t)][std::size_t(i)], 1e-9);
                COMPARE_NEAR(f.intercept, c.intercept[std::size_t(t)], 1e-9);
                COMPARE_NEAR(f.r2, c.score[std::size_t(t)], 1e-9);
                COMPARE_NEAR(f.localPrediction, c.local[std::size_t(t)], 1e-9);
                COMPARE_NEAR(WeightedRidge::predict(f, c.x[0]), c.local[std::size_t(t)], 1e-9);
            }
        }
    }

    void ridgeEdgeCases()
    {
        const std::vector<std::vector<double>> x{{1, 1}, {1, 0}, {0, 1}, {0, 0}};
        // constant y: all coefficients 0, intercept the constant, R^2 1 as sklearn says
        auto fits = WeightedRidge::fit(x, {{2}, {2}, {2}, {2}}, {1, 0.5, 0.5, 0.1});
        QCOMPARE(fits[0].coefficients, (std::vector<double>{0, 0}));
        QCOMPARE(fits[0].intercept, 2.0);
        QCOMPARE(fits[0].r2, 1.0);
        // alpha 0 with a duplicated column: singular, the minimum-norm solution
        fits = WeightedRidge::fit({{1, 1}, {0, 0}, {1, 1}}, {{3}, {1}, {3}}, {1, 1, 1}, 0.0);
        COMPARE_NEAR(fits[0].coefficients[0], 1.0, 1e-12);
        COMPARE_NEAR(fits[0].coefficients[1], 1.0, 1e-12);
        COMPARE_NEAR(fits[0].localPrediction, 3.0, 1e-12);
        QVERIFY(errorOf([&] { WeightedRidge::fit(x, {{1}, {2}}, {1, 1, 1, 1}); }).contains("2 of y"));
        QVERIFY(errorOf([&] { WeightedRidge::fit(x, {{1}, {2}, {3}, {4}}, {0, 0, 0, 0}); }).contains("sum to zero"));
        QVERIFY(errorOf([&] { WeightedRidge::fit(x, {{1}, {2}, {3}, {4}}, {1, 1, 1, 1}, -1); }).contains("alpha"));
        QVERIFY(errorOf([&] { WeightedRidge::fit(x, {{1}, {std::nan("")}, {3}, {4}}, {1, 1, 1, 1}); }).contains("y[1][0]"));
    }

    // --- Shapley ---------------------------------------------------------------------------

    void shapleyMatchesPermutationDefinition()
    {
        for (const auto& c : m_cases) {
            if (!c.exhaustive) continue;
            const auto phi = ShapleyValues::compute(c.set, c.y);
            for (int t = 0; t < c.targets; ++t)
                for (int i = 0; i < c.components; ++i) COMPARE_NEAR(phi[std::size_t(t)][std::size_t(i)], c.shapley[std::size_t(t)][std::size_t(i)], 1e-12);
        }
    }

    void shapleyOfAdditivePredictorIsItsTerms()
    {
        const std::vector<double> terms{0.7, -1.25, 0.0, 3.5, 0.125, -0.3};
        const auto set = PerturbationSet::enumerated(int(terms.size()));
        const auto phi = ShapleyValues::compute(set, evaluate(set, additive(terms, 0.4)));
        for (std::size_t t = 0; t < 2; ++t)
            for (std::size_t i = 0; i < terms.size(); ++i) COMPARE_NEAR(phi[t][i], double(t + 1) * terms[i], 1e-13);
    }

    void shapleyEfficiencyOnNonlinearToy()
    {
        for (const auto& c : m_cases) {
            if (!c.exhaustive) continue;
            const auto phi = ShapleyValues::compute(c.set, c.y);
            for (int t = 0; t < c.targets; ++t) {
                double sum = 0;
                for (double v : phi[std::size_t(t)]) sum += v;
                COMPARE_NEAR(sum, c.y.front()[std::size_t(t)] - c.y.back()[std::size_t(t)], 1e-12); // f(all) - f(none)
            }
        }
    }

    void shapleySymmetryAndNullComponent()
    {
        // f = z0 z1 + 2 z2 * (z0 + z1) + sin(z0 + z1 + z2): 0 and 1 symmetric, 3 null
        const auto set = PerturbationSet::enumerated(4);
        std::vector<std::vector<double>> y;
        for (const auto& z : set.rows) {
            const double a = z[0], b = z[1], c = z[2];
            y.push_back({a * b + 2 * c * (a + b) + std::sin(a + b + c)});
        }
        const auto phi = ShapleyValues::compute(set, y)[0];
        COMPARE_NEAR(phi[0], phi[1], 1e-14);
        QVERIFY(std::abs(phi[0] - phi[2]) > 0.1);
        QCOMPARE(phi[3], 0.0);
    }

    void shapleyNeedsTheExhaustiveSet()
    {
        const auto sampled = PerturbationSet::sampled(3, 8, 1);
        QVERIFY(errorOf([&] { ShapleyValues::compute(sampled, evaluate(sampled, additive({1, 2, 3}, 0))); }).contains("exhaustive"));
        auto broken = PerturbationSet::enumerated(3);
        broken.rows[5] = broken.rows[2];
        QVERIFY(errorOf([&] { ShapleyValues::compute(broken, evaluate(broken, additive({1, 2, 3}, 0))); }).contains("occurs twice"));
        const auto set = PerturbationSet::enumerated(3);
        QVERIFY(errorOf([&] { ShapleyValues::compute(set, {{1.0}}); }).contains("1 predictions"));
    }

    // --- LimeExplainer ----------------------------------------------------------------------

    void explainerMatchesSklearn()
    {
        for (const auto& c : m_cases) {
            LimeExplainer::Settings s;
            s.kernelWidth = c.kernelWidth;
            s.ridgeAlpha = c.alpha;
            s.batchSize = 5;
            const auto e = c.exhaustive ? LimeExplainer::explain(c.components, c.predictor(), s) : LimeExplainer::explain(c.set, c.predictor(), s);
            QCOMPARE(e.perturbations.rows, c.set.rows);
            QCOMPARE(e.predictions, c.y);
            QCOMPARE(e.targets.size(), std::size_t(c.targets));
            for (std::size_t r = 0; r < c.weights.size(); ++r) COMPARE_NEAR(e.sampleWeights[r], c.weights[r], 1e-12);
            for (std::size_t t = 0; t < e.targets.size(); ++t) {
                const auto& x = e.targets[t];
                for (std::size_t i = 0; i < x.weights.size(); ++i) COMPARE_NEAR(x.weights[i], c.coef[t][i], 1e-9);
                COMPARE_NEAR(x.intercept, c.intercept[t], 1e-9);
                COMPARE_NEAR(x.r2, c.score[t], 1e-9);
                COMPARE_NEAR(x.localPrediction, c.local[t], 1e-9);
                QCOMPARE(x.prediction, c.y[0][t]);
                QCOMPARE(x.shapley.size(), c.exhaustive ? std::size_t(c.components) : std::size_t(0));
                for (std::size_t i = 0; i < x.shapley.size(); ++i) COMPARE_NEAR(x.shapley[i], c.shapley[t][i], 1e-12);
                for (std::size_t k = 1; k < x.ranking.size(); ++k)
                    QVERIFY(x.weights[std::size_t(x.ranking[k - 1])] >= x.weights[std::size_t(x.ranking[k])]);
            }
        }
    }

    void explainerRanksDominantComponentFirst()
    {
        const std::vector<double> terms{0.2, -0.5, 0.1, 2.0, 0.3}; // component 3 dominates
        LimeExplainer::Settings s;
        auto e = LimeExplainer::explain(5, additive(terms, 0.1), s);
        QVERIFY(e.perturbations.exhaustive);
        for (const auto& t : e.targets) {
            QCOMPARE(t.ranking, (std::vector<int>{3, 4, 0, 2, 1})); // by signed weight: negative last
            for (std::size_t i = 0; i < terms.size(); ++i) QVERIFY(t.weights[i] * terms[i] > 0); // signs kept
        }
        // sampled: 12 components, component 7 dominates
        std::vector<double> many(12, 0.05);
        many[7] = 1.5;
        s.samples = 400;
        s.seed = 3;
        e = LimeExplainer::explain(12, additive(many, 0.0, 1), s);
        QVERIFY(!e.perturbations.exhaustive);
        QCOMPARE(e.perturbations.rows.size(), std::size_t(400));
        QCOMPARE(e.targets[0].ranking[0], 7);
        QVERIFY(e.targets[0].shapley.empty());
        QVERIFY(e.targets[0].r2 > 0.999); // an additive f is fitted almost exactly
    }

    void explainerBatchesAndReportsProgress()
    {
        std::vector<std::size_t> batches;
        const auto f = additive({1, 2, 3, 4, 5}, 0);
        auto counting = [&](const std::vector<std::vector<uint8_t>>& masks) {
            batches.push_back(masks.size());
            return f(masks);
        };
        std::vector<int> percents;
        Progress progress(
            [&](std::string_view stage, int percent) {
                QCOMPARE(stage, std::string_view("explain"));
                percents.push_back(percent);
            },
            nullptr);
        LimeExplainer::Settings s;
        s.batchSize = 10;
        LimeExplainer::explain(5, counting, s, progress);
        QCOMPARE(batches, (std::vector<std::size_t>{10, 10, 10, 2}));
        QCOMPARE(percents.front(), 0);
        QCOMPARE(percents.back(), 100);
        QVERIFY(std::is_sorted(percents.begin(), percents.end()));
    }

    void explainerNamesBadOutputs()
    {
        LimeExplainer::Settings s;
        auto wrongCount = [](const std::vector<std::vector<uint8_t>>& masks) { return std::vector<std::vector<double>>(masks.size() - 1, {1.0}); };
        QVERIFY(errorOf([&] { LimeExplainer::explain(3, wrongCount, s); }).contains("returned 7 outputs for 8 perturbations"));
        auto wrongTargets = [](const std::vector<std::vector<uint8_t>>& masks) {
            std::vector<std::vector<double>> out;
            for (const auto& m : masks) out.push_back(m == std::vector<uint8_t>{1, 0, 1} ? std::vector<double>{1, 2} : std::vector<double>{1, 2, 3});
            return out;
        };
        QCOMPARE(errorOf([&] { LimeExplainer::explain(3, wrongTargets, s); }),
                 QStringLiteral("LimeExplainer: perturbation 2 (z = 101): the predictor returned 2 targets, expected 3"));
        auto nanAtSilence = [](const std::vector<std::vector<uint8_t>>& masks) {
            std::vector<std::vector<double>> out;
            for (const auto& m : masks) out.push_back({std::count(m.begin(), m.end(), 1) == 0 ? std::nan("") : 1.0});
            return out;
        };
        const auto message = errorOf([&] { LimeExplainer::explain(3, nanAtSilence, s); });
        QVERIFY2(message.contains("perturbation 7 (z = 000)") && message.contains("finite"), qPrintable(message));
        auto empty = [](const std::vector<std::vector<uint8_t>>& masks) { return std::vector<std::vector<double>>(masks.size()); };
        QVERIFY(errorOf([&] { LimeExplainer::explain(3, empty, s); }).contains("no targets"));
        QVERIFY(errorOf([&] { LimeExplainer::explain(0, additive({}, 0), s); }).contains("at least one component"));
        s.batchSize = 0;
        QVERIFY(errorOf([&] { LimeExplainer::explain(3, additive({1, 2, 3}, 0), s); }).contains("batch size"));
        s.batchSize = 8;
        s.kernelWidth = -1;
        QVERIFY(errorOf([&] { LimeExplainer::explain(3, additive({1, 2, 3}, 0), s); }).contains("kernel width"));
        s.kernelWidth = 0.25;
        auto notOriginalFirst = PerturbationSet::enumerated(3);
        std::swap(notOriginalFirst.rows[0], notOriginalFirst.rows[1]);
        QVERIFY(errorOf([&] { LimeExplainer::explain(notOriginalFirst, additive({1, 2, 3}, 0), s); }).contains("all ones"));
    }

    void explainerCancels()
    {
        std::atomic<bool> cancel{false};
        Progress progress({}, &cancel);
        int calls = 0;
        const auto f = additive({1, 2, 3, 4, 5}, 0);
        auto cancelling = [&](const std::vector<std::vector<uint8_t>>& masks) {
            if (++calls == 2) cancel = true; // the user presses cancel during batch 2
            return f(masks);
        };
        LimeExplainer::Settings s;
        QCOMPARE(errorOf([&] { LimeExplainer::explain(5, cancelling, s, progress); }), QStringLiteral("<cancelled>"));
        QCOMPARE(calls, 2);
        calls = 0;
        QCOMPARE(errorOf([&] { LimeExplainer::explain(5, cancelling, s, progress); }), QStringLiteral("<cancelled>"));
        QCOMPARE(calls, 0);
    }

    void explanationJsonRoundTrip()
    {
        const auto& c = m_cases.front();
        const auto e = LimeExplainer::explain(c.components, c.predictor(), LimeExplainer::Settings{});
        const auto j = e.toJson({"vocals", "drums", "bass", "piano", "other"}, {"arousal", "valence", "third"});
        QCOMPARE(j.at("perturbations").at(1).get<std::string>(), std::string("11110"));
        QCOMPARE(j.at("explanations").at(1).at("target").get<std::string>(), std::string("valence"));
        QCOMPARE(j.at("components").at(3).get<std::string>(), std::string("piano"));
        const auto back = Explanation::fromJson(nlohmann::json::parse(j.dump()));
        QCOMPARE(back.perturbations.rows, e.perturbations.rows);
        QCOMPARE(back.perturbations.exhaustive, true);
        QCOMPARE(back.predictions, e.predictions);
        QCOMPARE(back.sampleWeights, e.sampleWeights);
        for (std::size_t t = 0; t < e.targets.size(); ++t) {
            QCOMPARE(back.targets[t].weights, e.targets[t].weights);
            QCOMPARE(back.targets[t].shapley, e.targets[t].shapley);
            QCOMPARE(back.targets[t].ranking, e.targets[t].ranking);
            QCOMPARE(back.targets[t].r2, e.targets[t].r2);
        }
        QCOMPARE(e.toJson().at("components").at(0).get<std::string>(), std::string("c0"));
        QVERIFY(errorOf([&] { e.toJson({"vocals"}, {}); }).contains("1 component names for 5 components"));
        auto bad = j;
        bad["perturbations"][2] = "11x11";
        QVERIFY(errorOf([&] { Explanation::fromJson(bad); }).contains("11x11"));
        bad = j;
        bad.erase("sampleWeights");
        QVERIFY(errorOf([&] { Explanation::fromJson(bad); }).contains("Explanation::fromJson"));
        // a sampled explanation writes null Shapley values and reads them back empty
        LimeExplainer::Settings s;
        s.samples = 10;
        const auto sampled = LimeExplainer::explain(5, additive({1, 2, 3, 4, 5}, 0), s);
        const auto js = sampled.toJson();
        QVERIFY(js.at("explanations").at(0).at("shapley").is_null());
        QVERIFY(Explanation::fromJson(js).targets[0].shapley.empty());
        QVERIFY(!Explanation::fromJson(js).perturbations.exhaustive);
    }
};

QTEST_GUILESS_MAIN(TestExplain)
#include "tst_explain.moc"
