#pragma once

#include <vector>

namespace emotrace {

/// Weighted ridge regression with intercept, computed as
/// sklearn.linear_model.Ridge(alpha, fit_intercept=True).fit(X, y, sample_weight=w) does
/// (solver "cholesky", sklearn 1.2): centre X and y on their w-weighted means, scale the
/// rows by sqrt(w), solve (Xc^T W Xc + alpha I) b = Xc^T W yc (or its dual form when
/// there are more features than rows), intercept = mean(y) - mean(X).b. Double precision
/// throughout. Pure functions, safe from any thread.
class WeightedRidge {
public:
    /// One target's fit. A value type.
    struct Fit {
        std::vector<double> coefficients; ///< b [features]
        double intercept = 0.0;
        /// Ridge.score(X, y, sample_weight=w): 1 - sum w (y - yhat)^2 / sum w (y - ybar_w)^2;
        /// like sklearn's r2_score, 1.0 for a constant y fitted exactly and 0.0 for a
        /// constant y that is not.
        double r2 = 0.0;
        /// LIME's local_pred: the fitted model at X row 0 (the original in a PerturbationSet).
        double localPrediction = 0.0;
    };

    /// x [rows][features], y [rows][targets], sampleWeights [rows] (>= 0, not all 0),
    /// alpha >= 0. Returns one Fit per target, each the same as a single-target sklearn fit
    /// of that column. Throws Error on mismatched shapes, non-finite values, negative or
    /// all-zero weights or a negative alpha.
    static std::vector<Fit> fit(const std::vector<std::vector<double>>& x, const std::vector<std::vector<double>>& y,
                                const std::vector<double>& sampleWeights, double alpha = 1.0);

    /// intercept + b.x for one row x [features]. Throws Error on a size mismatch.
    static double predict(const Fit& fit, const std::vector<double>& x);
};

} // namespace emotrace
