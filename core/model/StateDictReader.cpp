#include "model/StateDictReader.h"

#include <fstream>

#include <caffe2/serialize/inline_container.h>

#include "model/PickleReader.h"
#include "model/ZipCentralDirectory.h"
#include "util/Crc32.h"
#include "util/Error.h"

namespace emotrace {

namespace {

std::string firstLine(const std::string& message)
{
    return message.substr(0, message.find('\n'));
}

// Checkpoints nest the state dict at most a few levels deep ({'state_dict': ...}); the
// depth bound also ends a dict that holds itself under one of the names.
const PickleDict* findStateDict(const PickleValue& root, int depth = 0)
{
    if (depth > 4 || !root.is<PickleValue::Dict>()) return nullptr;
    const PickleDict& dict = *root.as<PickleValue::Dict>().dict;
    bool allTensors = !dict.items.empty();
    for (const auto& [key, value] : dict.items)
        allTensors = allTensors && key.is<std::string>() && value.is<torch::Tensor>();
    if (allTensors) return &dict;
    for (const char* name : {"state_dict", "model_state_dict", "model"})
        for (const auto& [key, value] : dict.items)
            if (key.is<std::string>() && key.as<std::string>() == name)
                if (const PickleDict* inner = findStateDict(value, depth + 1)) return inner;
    return nullptr;
}

} // namespace

StateDict StateDictReader::read(const std::filesystem::path& file)
{
    const std::string name = file.string();
    std::error_code ec;
    const auto status = std::filesystem::status(file, ec);
    if (!std::filesystem::exists(status)) throw Error(name + ": no such file");
    if (!std::filesystem::is_regular_file(status)) throw Error(name + ": not a regular file");
    {
        std::ifstream probe(file, std::ios::binary);
        char magic[2] = {0, 0};
        if (!probe.read(magic, 2)) throw Error(name + ": file is empty or unreadable");
        if (magic[0] == '\x80' && magic[1] == '\x02')
            throw Error(name + ": legacy (non-zip) torch.save format; re-save it with PyTorch >= 1.6");
        if (magic[0] != 'P' || magic[1] != 'K') throw Error(name + ": not a PyTorch zip checkpoint");
    }

    try {
        caffe2::serialize::PyTorchStreamReader zip(name);
        const ZipCentralDirectory directory = ZipCentralDirectory::read(file);
        // libtorch does not check the records' CRC-32: a flipped byte in a weight would load.
        auto verified = [&](const std::string& record) {
            auto [data, size] = zip.getRecord(record);
            const auto* entry = directory.find(record);
            if (!entry || Crc32::update(0, data.get(), size) != entry->crc32)
                throw Error(name + ": record " + record + " is damaged (CRC-32 mismatch)");
            return std::make_pair(std::move(data), size);
        };
        if (!zip.hasRecord("data.pkl")) throw Error(name + ": zip archive has no data.pkl (not a torch.save file)");
        auto [pickleData, pickleSize] = verified("data.pkl");
        const std::string_view pickleBytes(static_cast<const char*>(pickleData.get()), pickleSize);

        auto loadStorage = [&](torch::ScalarType dtype, const std::string& key, std::int64_t numel) {
            const std::string record = "data/" + key;
            if (!zip.hasRecord(record)) throw Error(name + ": storage record " + record + " is missing");
            auto [data, size] = verified(record);
            const std::size_t element = c10::elementSize(dtype);
            if (static_cast<std::uint64_t>(numel) > size / element)
                throw Error(name + ": storage " + record + " holds " + std::to_string(size) + " bytes, too few for "
                            + std::to_string(numel) + " elements");
            const std::size_t expected = static_cast<std::size_t>(numel) * element;
            torch::Tensor storage = torch::empty({numel}, torch::TensorOptions().dtype(dtype));
            std::memcpy(storage.data_ptr(), data.get(), expected);
            return storage;
        };

        PickleReader reader(pickleBytes, name, loadStorage);
        const PickleValue root = reader.read();
        const PickleDict* dict = findStateDict(root);
        if (!dict) throw Error(name + ": holds no state dict (no dict of tensors found)");

        StateDict out;
        for (const auto& [key, value] : dict->items) {
            std::string k = key.as<std::string>();
            if (k.rfind("module.", 0) == 0) k.erase(0, 7);
            const torch::Tensor& t = value.as<torch::Tensor>();
            // Weights that would make every prediction NaN (or, for a negative variance,
            // silently differ from PyTorch) are refused here, for every kind of package.
            if (t.is_floating_point() && !torch::isfinite(t).all().item<bool>())
                throw Error(name + ": tensor '" + k + "' holds NaN or infinite values");
            if (k.size() >= 11 && k.compare(k.size() - 11, 11, "running_var") == 0 && (t < 0).any().item<bool>())
                throw Error(name + ": '" + k + "' (a batch-norm running variance) holds negative values");
            out.entries.emplace_back(std::move(k), t);
        }
        return out;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        // miniz / c10 errors for corrupt or truncated archives
        throw Error(name + ": damaged or truncated checkpoint (" + firstLine(e.what()) + ")");
    }
}

} // namespace emotrace
