#pragma once

#include <cstddef>
#include <vector>

namespace emotrace {

/// The explicit baseline of the emotion layer, so that single effects are readable:
///
///     e = b + W (m - m_bar)
///
/// with m_bar the mean of the mid-level labels (one per feature) and b the mean of the
/// emotion labels (one per target) over the training split, both on the label scale
/// ([0, 1] for models that `emotrace-cli train` made). The effect of feature j on target
/// k is W[k][j] (m[j] - m_bar[j]): how far the song's feature value moves the prediction
/// away from an average training song's b[k]; baseline + effects = prediction exactly.
///
/// It lives in model.json ("emotion_baseline", ModelInfo), never in weights.pt, so the
/// weights stay a state dict of the paper's architecture (a bias-free feed_forward). Empty
/// (a package without the field, such as the reference's checkpoints): m_bar = 0, b = 0,
/// the paper's e = W m. A value type; thread: any.
struct EmotionBaseline {
    std::vector<double> featureMeans; ///< m_bar [features], label scale; empty: none
    std::vector<double> emotionMeans; ///< b [targets], label scale; empty: none

    /// True when there is no baseline (the paper's e = W m).
    bool empty() const { return featureMeans.empty() && emotionMeans.empty(); }
    /// m_bar[j], 0 without a baseline.
    double featureMean(std::size_t j) const { return j < featureMeans.size() ? featureMeans[j] : 0.0; }
    /// b[k], 0 without a baseline.
    double emotionMean(std::size_t k) const { return k < emotionMeans.size() ? emotionMeans[k] : 0.0; }

    friend bool operator==(const EmotionBaseline&, const EmotionBaseline&) = default;
};

} // namespace emotrace
