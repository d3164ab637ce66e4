#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace emotrace {

/// The binary perturbations of audioLIME: rows[r][i] = 1 keeps interpretable component i
/// (a stem, or a stem in one temporal segment) in perturbation r, 0 removes it. Knows
/// nothing of audio. A value type; the factories are pure and safe to call from any
/// thread.
///
/// Row 0 is always the original (all ones), as LIME assumes: the distances are measured
/// to it and its local prediction is the one reported.
struct PerturbationSet {
    /// How sampled rows are drawn. AudioLime (the default) is audioLIME's own
    /// (np.random.randint(0, 2, ...): each component kept with p = 1/2); LimeText is
    /// LimeTextExplainer's (a count of components switched off, uniform in 1..n), which
    /// over-samples distant rows when 2^n is large.
    enum class Sampler { AudioLime, LimeText };
    static const char* samplerName(Sampler sampler) { return sampler == Sampler::AudioLime ? "audiolime" : "lime-text"; }
    /// Throws Error for a name other than "audiolime" or "lime-text".
    static Sampler samplerFromName(const std::string& name);

    int components = 0;                     ///< n
    std::vector<std::vector<uint8_t>> rows; ///< [rows][components], each value 0 or 1
    bool exhaustive = false;                ///< rows are all 2^n masks, each once
    Sampler sampler = Sampler::AudioLime;   ///< how the rows were drawn (when not exhaustive)

    /// Largest n for which enumerated() lists all masks (2^20 rows, each a model run).
    static constexpr int maxExhaustiveComponents = 20;
    /// Samples drawn by choose() when no count is given and 2^n is over the limit:
    /// audioLIME's default num_samples.
    static constexpr int defaultSamples = 1000;

    /// The exhaustive set (named apart from the flag `exhaustive`, which C++ will not let
    /// a static member function share): all 2^n masks in audioLIME's order, itertools.product([1, 0], repeat=n): row r
    /// has z_i = 1 - bit (n-1-i) of r, so component 0 is the most significant digit,
    /// row 0 is all ones and the last row all zeros. Throws Error unless 1 <= n <= 20.
    static PerturbationSet enumerated(int n);

    /// `samples` rows: row 0 all ones, then samples-1 rows drawn by `sampler`:
    /// AudioLime keeps each component with probability 1/2 (rows may repeat, all ones and
    /// all zeros included); LimeText draws a count k uniform in 1..n of components to
    /// switch off, then k distinct components uniformly (no drawn row is all ones). The
    /// generator is std::mt19937_64(seed) mapped to integers by rejection sampling, not by
    /// std::uniform_int_distribution, so the rows are the same with every standard
    /// library. Throws Error unless n >= 1 and samples >= 1.
    static PerturbationSet sampled(int n, int samples, uint64_t seed, Sampler sampler = Sampler::AudioLime);

    /// Exhaustive when 2^n <= exhaustiveLimit, n <= 20 and no smaller sample count is
    /// asked for (a sampled set at least as large as the exhaustive one would only repeat
    /// rows); otherwise sampled with `samples` rows, or defaultSamples when unset.
    /// exhaustiveLimit 0 always samples. Throws Error for n < 1, samples < 1 or a
    /// negative limit.
    static PerturbationSet choose(int n, std::optional<int> samples, uint64_t seed, int exhaustiveLimit = 1024,
                                  Sampler sampler = Sampler::AudioLime);

    /// A mask as text, component 0 first: {1,0,1} -> "101". For messages and JSON.
    static std::string format(const std::vector<uint8_t>& row);
};

} // namespace emotrace
