#include "model/StateDictWriter.h"

#include <cstring>

#include <caffe2/serialize/inline_container.h>

#include "util/AtomicFile.h"
#include "util/Error.h"

namespace emotrace {

namespace {

/// Emits pickle protocol 2 opcodes, the way Python's pickler writes a state dict
/// (without memoisation, which is optional for readers).
class PickleEmitter {
public:
    std::string bytes;

    void op(char c) { bytes.push_back(c); }
    void global(const char* module, const char* name)
    {
        op('c');
        bytes += module;
        bytes += '\n';
        bytes += name;
        bytes += '\n';
    }
    void string(const std::string& s)
    {
        op('X');
        appendLittle(static_cast<std::uint32_t>(s.size()));
        bytes += s;
    }
    void integer(std::int64_t v)
    {
        if (v >= INT32_MIN && v <= INT32_MAX) {
            op('J');
            appendLittle(static_cast<std::int32_t>(v));
        } else {
            op('\x8a'); // LONG1, 8 bytes two's complement
            bytes.push_back(8);
            appendLittle(v);
        }
    }
    void intTuple(c10::IntArrayRef values)
    {
        op('(');
        for (std::int64_t v : values) integer(v);
        op('t');
    }
    void emptyOrderedDict()
    {
        global("collections", "OrderedDict");
        op(')');
        op('R');
    }

private:
    template <typename T> void appendLittle(T v)
    {
        char b[sizeof(T)];
        std::memcpy(b, &v, sizeof(T));
        bytes.append(b, sizeof(T));
    }
};

const char* storageClass(torch::ScalarType dtype, const std::string& key)
{
    switch (dtype) {
    case torch::kFloat32: return "FloatStorage";
    case torch::kFloat64: return "DoubleStorage";
    case torch::kFloat16: return "HalfStorage";
    case torch::kBFloat16: return "BFloat16Storage";
    case torch::kInt64: return "LongStorage";
    case torch::kInt32: return "IntStorage";
    case torch::kInt16: return "ShortStorage";
    case torch::kInt8: return "CharStorage";
    case torch::kUInt8: return "ByteStorage";
    case torch::kBool: return "BoolStorage";
    default: throw Error("state dict entry " + key + ": unsupported dtype " + std::string(c10::toString(dtype)));
    }
}

} // namespace

void StateDictWriter::write(const std::filesystem::path& file, const StateDict& state,
                            const std::map<std::string, int>& moduleVersions)
{
    PickleEmitter p;
    p.op('\x80');
    p.op('\x02');
    p.emptyOrderedDict();
    p.op('(');
    std::vector<torch::Tensor> storages;
    for (const auto& [key, value] : state.entries) {
        torch::Tensor t = value.detach().to(torch::kCPU).contiguous();
        const std::string storageKey = std::to_string(storages.size());
        p.string(key);
        p.global("torch._utils", "_rebuild_tensor_v2");
        p.op('(');
        p.op('(');
        p.string("storage");
        p.global("torch", storageClass(t.scalar_type(), key));
        p.string(storageKey);
        p.string("cpu");
        p.integer(t.numel());
        p.op('t');
        p.op('Q');       // BINPERSID
        p.integer(0);    // storage offset
        p.intTuple(t.sizes());
        p.intTuple(t.strides());
        p.op('\x89');    // requires_grad = False
        p.emptyOrderedDict(); // backward hooks
        p.op('t');
        p.op('R');
        storages.push_back(std::move(t));
    }
    p.op('u');
    // state: {'_metadata': OrderedDict(prefix -> {'version': n})}, applied by BUILD
    p.op('}');
    p.string("_metadata");
    p.emptyOrderedDict();
    p.op('(');
    for (const auto& [prefix, version] : moduleVersions) {
        p.string(prefix);
        p.op('}');
        p.string("version");
        p.integer(version);
        p.op('s');
    }
    p.op('u');
    p.op('s');
    p.op('b');
    p.op('.');

    AtomicFile out(file);
    try {
        // The writer function always reports success: a short count makes libtorch throw,
        // and its destructor would throw again while finishing the archive (std::terminate).
        // A failed stream (disk full) is caught by commit() instead.
        caffe2::serialize::PyTorchStreamWriter zip([&out](const void* data, std::size_t size) -> std::size_t {
            if (out.stream()) out.stream().write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
            return size;
        });
        zip.writeRecord("data.pkl", p.bytes.data(), p.bytes.size());
        for (std::size_t i = 0; i < storages.size(); ++i)
            zip.writeRecord("data/" + std::to_string(i), storages[i].data_ptr(), storages[i].nbytes());
        zip.writeEndOfFile();
    } catch (const c10::Error& e) {
        throw Error(file.string() + ": cannot write checkpoint (" + std::string(e.what_without_backtrace()) + ")");
    }
    out.commit();
}

} // namespace emotrace
