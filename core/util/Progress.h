#pragma once

#include <atomic>
#include <functional>
#include <string_view>

#include "util/Error.h"

namespace emotrace {

/// Progress reporting and cancellation for synchronous core calls. Core calls run on
/// whatever thread calls them (a worker thread in the GUI); the callback is invoked on
/// that same thread, so a GUI must forward it (e.g. with a queued signal).
class Progress {
public:
    /// stage: short name of the stage ("decode", "spectrogram", "model");
    /// percent: 0..100 within that stage.
    using Callback = std::function<void(std::string_view stage, int percent)>;

    Progress() = default;
    Progress(Callback callback, const std::atomic<bool>* cancelFlag)
        : m_callback(std::move(callback)), m_cancel(cancelFlag) {}

    void report(std::string_view stage, int percent) const
    {
        if (m_callback) m_callback(stage, percent);
    }

    bool cancelled() const { return m_cancel && m_cancel->load(std::memory_order_relaxed); }

    /// Throws Cancelled when the cancel flag is raised; call at safe points of a loop.
    void checkCancelled() const
    {
        if (cancelled()) throw Cancelled();
    }

private:
    Callback m_callback;
    const std::atomic<bool>* m_cancel = nullptr;
};

} // namespace emotrace
