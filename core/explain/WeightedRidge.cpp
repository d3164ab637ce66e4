#include "explain/WeightedRidge.h"

#include <cmath>
#include <string>

#include <Eigen/Dense>

#include "util/Error.h"

namespace emotrace {

namespace {

[[noreturn]] void fail(const std::string& what) { throw Error("WeightedRidge: " + what); }

/// Solves the symmetric positive (semi)definite system A X = B. Cholesky as sklearn
/// (scipy.linalg.solve, assume_a="pos"); a semidefinite A only arises with alpha = 0 and
/// collinear columns, where the minimum-norm least-squares solution is the sensible answer.
Eigen::MatrixXd solvePositive(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b)
{
    Eigen::LLT<Eigen::MatrixXd> llt(a);
    if (llt.info() == Eigen::Success) return llt.solve(b);
    return a.completeOrthogonalDecomposition().solve(b);
}

} // namespace

std::vector<WeightedRidge::Fit> WeightedRidge::fit(const std::vector<std::vector<double>>& x,
                                                   const std::vector<std::vector<double>>& y,
                                                   const std::vector<double>& sampleWeights, double alpha)
{
    const auto rows = Eigen::Index(x.size());
    if (rows == 0) fail("no rows to fit");
    if (y.size() != x.size()) fail(std::to_string(x.size()) + " rows of X but " + std::to_string(y.size()) + " of y");
    if (sampleWeights.size() != x.size())
        fail(std::to_string(x.size()) + " rows of X but " + std::to_string(sampleWeights.size()) + " sample weights");
    if (!(alpha >= 0.0) || !std::isfinite(alpha)) fail("alpha must be finite and not negative (got " + std::to_string(alpha) + ")");
    const auto features = Eigen::Index(x[0].size());
    const auto targets = Eigen::Index(y[0].size());
    if (features == 0) fail("no features");
    if (targets == 0) fail("no targets");

    Eigen::MatrixXd xm(rows, features);
    Eigen::MatrixXd ym(rows, targets);
    Eigen::VectorXd w(rows);
    for (Eigen::Index r = 0; r < rows; ++r) {
        const auto& xr = x[std::size_t(r)];
        const auto& yr = y[std::size_t(r)];
        if (Eigen::Index(xr.size()) != features)
            fail("row " + std::to_string(r) + " of X has " + std::to_string(xr.size()) + " features, expected " + std::to_string(features));
        if (Eigen::Index(yr.size()) != targets)
            fail("row " + std::to_string(r) + " of y has " + std::to_string(yr.size()) + " targets, expected " + std::to_string(targets));
        for (Eigen::Index j = 0; j < features; ++j) {
            if (!std::isfinite(xr[std::size_t(j)])) fail("X[" + std::to_string(r) + "][" + std::to_string(j) + "] is not finite");
            xm(r, j) = xr[std::size_t(j)];
        }
        for (Eigen::Index t = 0; t < targets; ++t) {
            if (!std::isfinite(yr[std::size_t(t)])) fail("y[" + std::to_string(r) + "][" + std::to_string(t) + "] is not finite");
            ym(r, t) = yr[std::size_t(t)];
        }
        const double wr = sampleWeights[std::size_t(r)];
        if (!(wr >= 0.0) || !std::isfinite(wr)) fail("sample weight " + std::to_string(r) + " is negative or not finite");
        w(r) = wr;
    }
    const double weightSum = w.sum();
    if (!(weightSum > 0.0)) fail("the sample weights sum to zero");

    // sklearn's _preprocess_data: weighted means (np.average), centring.
    const Eigen::RowVectorXd xMean = (w.transpose() * xm) / weightSum;
    const Eigen::RowVectorXd yMean = (w.transpose() * ym) / weightSum;
    // ... then _rescale_data: rows times sqrt(w), so plain least squares is weighted.
    const Eigen::VectorXd sw = w.cwiseSqrt();
    const Eigen::MatrixXd xs = sw.asDiagonal() * (xm.rowwise() - xMean);
    const Eigen::MatrixXd ys = sw.asDiagonal() * (ym.rowwise() - yMean);

    Eigen::MatrixXd coef; // [features][targets]
    if (features > rows) {
        // sklearn's _solve_cholesky_kernel: b = Xs^T (Xs Xs^T + alpha I)^-1 ys.
        Eigen::MatrixXd k = xs * xs.transpose();
        k.diagonal().array() += alpha;
        coef = xs.transpose() * solvePositive(k, ys);
    } else {
        Eigen::MatrixXd a = xs.transpose() * xs;
        a.diagonal().array() += alpha;
        coef = solvePositive(a, xs.transpose() * ys);
    }
    const Eigen::RowVectorXd intercept = yMean - xMean * coef;
    const Eigen::MatrixXd predicted = (xm * coef).rowwise() + intercept;

    std::vector<Fit> fits(static_cast<std::size_t>(targets));
    for (Eigen::Index t = 0; t < targets; ++t) {
        auto& f = fits[std::size_t(t)];
        f.coefficients.resize(std::size_t(features));
        for (Eigen::Index j = 0; j < features; ++j) f.coefficients[std::size_t(j)] = coef(j, t);
        f.intercept = intercept(t);
        // sklearn's r2_score with sample_weight; the mean of y is recomputed there.
        const double yBar = w.dot(ym.col(t)) / weightSum;
        const double numerator = (w.array() * (ym.col(t) - predicted.col(t)).array().square()).sum();
        const double denominator = (w.array() * (ym.col(t).array() - yBar).square()).sum();
        if (denominator != 0.0) f.r2 = 1.0 - numerator / denominator;
        else f.r2 = numerator == 0.0 ? 1.0 : 0.0;
        f.localPrediction = predicted(0, t);
    }
    return fits;
}

double WeightedRidge::predict(const Fit& fit, const std::vector<double>& x)
{
    if (x.size() != fit.coefficients.size())
        fail("a row of " + std::to_string(x.size()) + " features for a fit of " + std::to_string(fit.coefficients.size()));
    double v = fit.intercept;
    for (std::size_t j = 0; j < x.size(); ++j) v += fit.coefficients[j] * x[j];
    return v;
}

} // namespace emotrace
