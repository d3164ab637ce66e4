#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "model/PickleValue.h"

namespace emotrace {

/// Unpickles the subset of Python's pickle protocols 2-5 that torch.save writes:
/// dicts and OrderedDicts (with their _metadata attribute), lists, tuples, numbers,
/// strings, storages through persistent ids, and tensors rebuilt with
/// torch._utils._rebuild_tensor_v2 / _rebuild_parameter. Any other global is refused
/// with an error naming it (nothing is ever executed). Thread: any; not shared.
///
/// The reader owns every container it creates: its destructor empties them all, so the
/// values read() returns must be used (tensors copied out) while the reader lives. This
/// makes hostile nesting depths and self-referencing containers safe to destroy.
class PickleReader {
public:
    /// Resolves a storage persistent id: dtype from the storage class (e.g.
    /// torch.FloatStorage), the record key, and the element count.
    using StorageLoader =
        std::function<torch::Tensor(torch::ScalarType dtype, const std::string& key, std::int64_t numel)>;

    /// source: name used in error messages (the file).
    PickleReader(std::string_view bytes, std::string source, StorageLoader loader);
    ~PickleReader();
    PickleReader(const PickleReader&) = delete;
    PickleReader& operator=(const PickleReader&) = delete;

    /// Runs the pickle program to its STOP opcode; throws emotrace::Error on malformed,
    /// truncated or unsupported data.
    PickleValue read();

private:
    [[noreturn]] void fail(const std::string& what) const;
    std::uint8_t byte();
    std::string_view take(std::size_t n);
    std::string line();
    template <typename T> T little();

    std::shared_ptr<PickleSequence> newSequence(PickleSequence items);
    std::shared_ptr<PickleDict> newDict();
    PickleValue pop();
    PickleSequence popToMark();
    PickleValue& top();
    PickleValue call(const PickleGlobal& callable, const PickleSequence& args);
    PickleValue persistentLoad(const PickleValue& pid);

    std::string_view m_bytes;
    std::size_t m_pos = 0;
    std::string m_source;
    StorageLoader m_loader;
    std::vector<PickleValue> m_stack;
    std::vector<std::size_t> m_marks;
    std::unordered_map<std::uint32_t, PickleValue> m_memo;
    std::vector<std::shared_ptr<PickleSequence>> m_sequences; // every container made, see ~PickleReader
    std::vector<std::shared_ptr<PickleDict>> m_dicts;
};

} // namespace emotrace
