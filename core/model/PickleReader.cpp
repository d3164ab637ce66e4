#include "model/PickleReader.h"

#include <bit>
#include <cstring>

#include "util/Error.h"

namespace emotrace {

namespace {

torch::ScalarType storageDtype(const std::string& className)
{
    static const std::pair<const char*, torch::ScalarType> table[] = {
        {"FloatStorage", torch::kFloat32}, {"DoubleStorage", torch::kFloat64}, {"HalfStorage", torch::kFloat16},
        {"BFloat16Storage", torch::kBFloat16}, {"LongStorage", torch::kInt64}, {"IntStorage", torch::kInt32},
        {"ShortStorage", torch::kInt16}, {"CharStorage", torch::kInt8}, {"ByteStorage", torch::kUInt8},
        {"BoolStorage", torch::kBool},
    };
    for (const auto& [name, dtype] : table)
        if (className == name) return dtype;
    return torch::ScalarType::Undefined;
}

std::vector<std::int64_t> intTuple(const PickleValue& value, const char* what, const std::string& source)
{
    if (!value.is<PickleValue::Tuple>())
        throw Error(source + ": tensor " + what + " is a " + value.typeName() + ", expected a tuple");
    std::vector<std::int64_t> out;
    for (const PickleValue& item : *value.as<PickleValue::Tuple>().items) {
        if (!item.is<std::int64_t>()) throw Error(source + ": tensor " + what + " holds a non-integer");
        out.push_back(item.as<std::int64_t>());
    }
    return out;
}

} // namespace

std::string PickleValue::typeName() const
{
    static const char* names[] = {"None", "bool", "int", "float", "str", "tuple", "list", "dict",
                                  "global", "storage", "tensor", "mark"};
    return names[m_value.index()];
}

PickleReader::PickleReader(std::string_view bytes, std::string source, StorageLoader loader)
    : m_bytes(bytes), m_source(std::move(source)), m_loader(std::move(loader))
{
}

void PickleReader::fail(const std::string& what) const
{
    throw Error(m_source + ": " + what + " (pickle offset " + std::to_string(m_pos) + ")");
}

std::uint8_t PickleReader::byte()
{
    if (m_pos >= m_bytes.size()) fail("pickle data ends early (truncated file?)");
    return static_cast<std::uint8_t>(m_bytes[m_pos++]);
}

std::string_view PickleReader::take(std::size_t n)
{
    if (n > m_bytes.size() - m_pos) fail("pickle data ends early (truncated file?)");
    std::string_view out = m_bytes.substr(m_pos, n);
    m_pos += n;
    return out;
}

std::string PickleReader::line()
{
    const std::size_t end = m_bytes.find('\n', m_pos);
    if (end == std::string_view::npos) fail("pickle data ends early (truncated file?)");
    std::string out(m_bytes.substr(m_pos, end - m_pos));
    m_pos = end + 1;
    return out;
}

template <typename T> T PickleReader::little()
{
    static_assert(std::endian::native == std::endian::little, "big-endian hosts are not supported");
    T value;
    std::memcpy(&value, take(sizeof(T)).data(), sizeof(T));
    return value;
}

PickleReader::~PickleReader()
{
    // Empty every container first: each is still owned by the registry, so clearing one
    // never cascades into destroying another. Destroying a million-deep nesting (or a
    // dict that holds itself) recursively would overflow the stack or leak.
    m_stack.clear();
    m_memo.clear();
    for (auto& sequence : m_sequences) sequence->clear();
    for (auto& dict : m_dicts) {
        dict->items.clear();
        dict->attributes.reset();
    }
}

std::shared_ptr<PickleSequence> PickleReader::newSequence(PickleSequence items)
{
    m_sequences.push_back(std::make_shared<PickleSequence>(std::move(items)));
    return m_sequences.back();
}

std::shared_ptr<PickleDict> PickleReader::newDict()
{
    m_dicts.push_back(std::make_shared<PickleDict>());
    return m_dicts.back();
}

PickleValue PickleReader::pop()
{
    if (m_stack.empty() || (!m_marks.empty() && m_stack.size() <= m_marks.back())) fail("pickle stack underflow");
    PickleValue v = std::move(m_stack.back());
    m_stack.pop_back();
    return v;
}

PickleValue& PickleReader::top()
{
    if (m_stack.empty()) fail("pickle stack underflow");
    return m_stack.back();
}

PickleSequence PickleReader::popToMark()
{
    if (m_marks.empty()) fail("pickle MARK missing");
    const std::size_t mark = m_marks.back();
    m_marks.pop_back();
    PickleSequence items(std::make_move_iterator(m_stack.begin() + static_cast<std::ptrdiff_t>(mark)),
                         std::make_move_iterator(m_stack.end()));
    m_stack.resize(mark);
    return items;
}

PickleValue PickleReader::persistentLoad(const PickleValue& pid)
{
    // ('storage', <class torch.XStorage>, key, location, numel)
    if (!pid.is<PickleValue::Tuple>()) fail("persistent id is a " + pid.typeName() + ", expected a tuple");
    const PickleSequence& t = *pid.as<PickleValue::Tuple>().items;
    if (t.size() != 5 || !t[0].is<std::string>() || t[0].as<std::string>() != "storage" || !t[1].is<PickleGlobal>()
        || !t[2].is<std::string>() || !t[4].is<std::int64_t>())
        fail("unsupported persistent id (not a torch storage)");
    const PickleGlobal& cls = t[1].as<PickleGlobal>();
    const torch::ScalarType dtype = storageDtype(cls.name);
    if (cls.module != "torch" || dtype == torch::ScalarType::Undefined)
        fail("unsupported storage type " + cls.qualified());
    const std::int64_t numel = t[4].as<std::int64_t>();
    if (numel < 0) fail("negative storage size");
    return PickleStorage{m_loader(dtype, t[2].as<std::string>(), numel), t[2].as<std::string>()};
}

PickleValue PickleReader::call(const PickleGlobal& callable, const PickleSequence& args)
{
    const std::string name = callable.qualified();
    if (name == "collections.OrderedDict" || name == "builtins.dict" || name == "__builtin__.dict") {
        if (!args.empty()) fail(name + " called with arguments");
        return PickleValue::Dict{newDict()};
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") {
        // (storage, storage_offset, size, stride[, requires_grad, backward_hooks[, metadata]])
        if (args.size() < 4 || !args[0].is<PickleStorage>() || !args[1].is<std::int64_t>())
            fail("malformed " + name + " call");
        const torch::Tensor& storage = args[0].as<PickleStorage>().data;
        const std::int64_t offset = args[1].as<std::int64_t>();
        const auto size = intTuple(args[2], "size", m_source);
        const auto stride = intTuple(args[3], "stride", m_source);
        if (size.size() != stride.size()) fail("tensor size and stride differ in rank");
        // Bounds check here so that a corrupt file gives our error, not a libtorch one.
        std::int64_t last = offset;
        for (std::size_t i = 0; i < size.size(); ++i) {
            if (size[i] < 0 || stride[i] < 0) fail("negative tensor size or stride");
            if (size[i] == 0) { last = -1; break; }
            last += (size[i] - 1) * stride[i];
        }
        if (offset < 0 || last >= storage.numel())
            fail("tensor view exceeds its storage '" + args[0].as<PickleStorage>().key + "'");
        if (last < 0) return torch::empty(size, storage.options());
        return storage.as_strided(size, stride, offset).contiguous();
    }
    if (name == "torch._utils._rebuild_parameter") {
        if (args.empty() || !args[0].is<torch::Tensor>()) fail("malformed " + name + " call");
        return args[0];
    }
    fail("unsupported Python object " + name + " in checkpoint");
}

PickleValue PickleReader::read()
{
    auto pushInt = [this](std::int64_t v) { m_stack.emplace_back(v); };
    for (;;) {
        const std::uint8_t op = byte();
        switch (op) {
        case 0x80: byte(); break;                                    // PROTO
        case 0x95: take(8); break;                                   // FRAME
        case '.': {                                                  // STOP
            PickleValue result = pop();
            return result;
        }
        case '(': m_marks.push_back(m_stack.size()); break;          // MARK
        case 'N': m_stack.emplace_back(); break;
        case 0x88: m_stack.emplace_back(true); break;
        case 0x89: m_stack.emplace_back(false); break;
        case 'J': pushInt(little<std::int32_t>()); break;
        case 'K': pushInt(little<std::uint8_t>()); break;
        case 'M': pushInt(little<std::uint16_t>()); break;
        case 0x8a: case 0x8b: {                                      // LONG1 / LONG4
            const std::size_t n = op == 0x8a ? little<std::uint8_t>() : little<std::uint32_t>();
            if (n > 8) fail("integer wider than 64 bits");
            std::string_view b = take(n);
            std::uint64_t u = 0;
            for (std::size_t i = 0; i < n; ++i) u |= std::uint64_t(std::uint8_t(b[i])) << (8 * i);
            if (n > 0 && n < 8 && (std::uint8_t(b[n - 1]) & 0x80)) u |= ~std::uint64_t(0) << (8 * n);
            pushInt(static_cast<std::int64_t>(u));
            break;
        }
        case 'G': {                                                  // BINFLOAT, big-endian
            std::string_view b = take(8);
            std::uint64_t u = 0;
            for (int i = 0; i < 8; ++i) u = (u << 8) | std::uint8_t(b[i]);
            m_stack.emplace_back(std::bit_cast<double>(u));
            break;
        }
        case 'X': m_stack.emplace_back(std::string(take(little<std::uint32_t>()))); break;
        case 0x8c: m_stack.emplace_back(std::string(take(little<std::uint8_t>()))); break;
        case 0x8d: m_stack.emplace_back(std::string(take(little<std::uint64_t>()))); break;
        case 'T': m_stack.emplace_back(std::string(take(little<std::uint32_t>()))); break;
        case 'U': m_stack.emplace_back(std::string(take(little<std::uint8_t>()))); break;
        case 'B': m_stack.emplace_back(std::string(take(little<std::uint32_t>()))); break;
        case 'C': m_stack.emplace_back(std::string(take(little<std::uint8_t>()))); break;
        case ')': m_stack.emplace_back(PickleValue::Tuple{newSequence({})}); break;
        case ']': m_stack.emplace_back(PickleValue::List{newSequence({})}); break;
        case '}': m_stack.emplace_back(PickleValue::Dict{newDict()}); break;
        case 't': {
            auto items = newSequence(popToMark());
            m_stack.emplace_back(PickleValue::Tuple{std::move(items)});
            break;
        }
        case 0x85: case 0x86: case 0x87: {                           // TUPLE1..3
            const std::size_t n = op - 0x84u;
            auto items = newSequence(PickleSequence(n));
            for (std::size_t i = n; i-- > 0;) (*items)[i] = pop();
            m_stack.emplace_back(PickleValue::Tuple{std::move(items)});
            break;
        }
        case 'l': {                                                  // LIST from mark
            auto items = newSequence(popToMark());
            m_stack.emplace_back(PickleValue::List{std::move(items)});
            break;
        }
        case 'a': case 'e': {                                        // APPEND / APPENDS
            PickleSequence items;
            if (op == 'a') items.push_back(pop());
            else items = popToMark();
            PickleValue& list = top();
            if (!list.is<PickleValue::List>()) fail("APPEND to a " + list.typeName());
            auto& target = *list.as<PickleValue::List>().items;
            for (auto& item : items) target.push_back(std::move(item));
            break;
        }
        case 's': case 'u': {                                        // SETITEM / SETITEMS
            PickleSequence items;
            if (op == 's') {
                PickleValue value = pop();
                PickleValue key = pop();
                items = {std::move(key), std::move(value)};
            } else {
                items = popToMark();
            }
            if (items.size() % 2 != 0) fail("odd number of dict items");
            PickleValue& dict = top();
            if (!dict.is<PickleValue::Dict>()) fail("SETITEM on a " + dict.typeName());
            auto& target = dict.as<PickleValue::Dict>().dict->items;
            for (std::size_t i = 0; i < items.size(); i += 2) target.emplace_back(items[i], items[i + 1]);
            break;
        }
        case 'c': {                                                  // GLOBAL
            std::string module = line();
            std::string name = line();
            m_stack.emplace_back(PickleGlobal{std::move(module), std::move(name)});
            break;
        }
        case 0x93: {                                                 // STACK_GLOBAL
            PickleValue name = pop();
            PickleValue module = pop();
            if (!name.is<std::string>() || !module.is<std::string>()) fail("malformed STACK_GLOBAL");
            m_stack.emplace_back(PickleGlobal{module.as<std::string>(), name.as<std::string>()});
            break;
        }
        case 'R': case 0x81: {                                       // REDUCE / NEWOBJ
            PickleValue args = pop();
            PickleValue callable = pop();
            if (!callable.is<PickleGlobal>() || !args.is<PickleValue::Tuple>()) fail("malformed REDUCE");
            m_stack.push_back(call(callable.as<PickleGlobal>(), *args.as<PickleValue::Tuple>().items));
            break;
        }
        case 'b': {                                                  // BUILD
            PickleValue state = pop();
            PickleValue& object = top();
            if (object.is<PickleValue::Dict>() && state.is<PickleValue::Dict>())
                object.as<PickleValue::Dict>().dict->attributes = state.as<PickleValue::Dict>().dict;
            else if (!object.is<torch::Tensor>()) // tensors may carry a (ignored) python state
                fail("BUILD on a " + object.typeName());
            break;
        }
        case 'Q': {                                                  // BINPERSID
            PickleValue pid = pop();
            m_stack.push_back(persistentLoad(pid));
            break;
        }
        case 'q': m_memo[little<std::uint8_t>()] = top(); break;
        case 'r': m_memo[little<std::uint32_t>()] = top(); break;
        case 0x94: m_memo[static_cast<std::uint32_t>(m_memo.size())] = top(); break;
        case 'h': case 'j': {
            const std::uint32_t index = op == 'h' ? little<std::uint8_t>() : little<std::uint32_t>();
            auto it = m_memo.find(index);
            if (it == m_memo.end()) fail("pickle memo entry " + std::to_string(index) + " missing");
            m_stack.push_back(it->second);
            break;
        }
        case '0': pop(); break;
        case '1': popToMark(); break;
        case '2': m_stack.push_back(top()); break;
        default: {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02x", op);
            fail(std::string("unsupported pickle opcode ") + hex);
        }
        }
    }
}

} // namespace emotrace
