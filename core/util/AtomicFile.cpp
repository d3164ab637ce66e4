#include "util/AtomicFile.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <string>

#include <unistd.h>

#include "util/Error.h"

namespace emotrace {

AtomicFile::AtomicFile(std::filesystem::path target) : m_target(std::move(target))
{
    // rename() would replace a device node, a FIFO or a socket with a regular file (and
    // fail on a folder): only regular files, or nothing yet, may be replaced.
    std::error_code ec;
    const auto status = std::filesystem::status(m_target, ec);
    if (!ec && std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
        throw Error(m_target.string() + ": exists and is not a regular file; refusing to replace it");
    static std::atomic<unsigned> counter{0};
    m_temporary = m_target;
    m_temporary += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
    m_stream.open(m_temporary, std::ios::binary | std::ios::trunc);
    if (!m_stream) throw Error(m_target.string() + ": cannot create file (folder missing or not writable)");
}

AtomicFile::~AtomicFile()
{
    if (!m_committed) {
        m_stream.close();
        std::error_code ec;
        std::filesystem::remove(m_temporary, ec);
    }
}

void AtomicFile::commit()
{
    m_stream.flush();
    const bool ok = static_cast<bool>(m_stream);
    m_stream.close();
    if (!ok) throw Error(m_target.string() + ": write failed (disk full?)");
    std::error_code ec;
    std::filesystem::rename(m_temporary, m_target, ec);
    if (ec) throw Error(m_target.string() + ": cannot replace file (" + ec.message() + ")");
    m_committed = true;
}

void AtomicFile::writeJson(const std::filesystem::path& target, const nlohmann::json& json)
{
    AtomicFile file(target);
    file.stream() << json.dump(2) << '\n';
    file.commit();
}

} // namespace emotrace
