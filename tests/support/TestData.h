#pragma once

// Helpers shared by the tests: reading raw little-endian fixture arrays and JSON.

#include <complex>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace emotrace::test {

inline std::filesystem::path madmomFixture(const std::string& name)
{
    return std::filesystem::path(EMOTRACE_MADMOM_FIXTURES) / name;
}

inline std::filesystem::path workDir(const std::string& sub)
{
    auto dir = std::filesystem::path(EMOTRACE_TEST_WORK_DIR) / sub;
    std::filesystem::create_directories(dir);
    return dir;
}

template <typename T> std::vector<T> readRaw(const std::filesystem::path& file)
{
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    in.seekg(0, std::ios::end);
    const auto bytes = static_cast<std::size_t>(in.tellg());
    in.seekg(0);
    std::vector<T> out(bytes / sizeof(T));
    in.read(reinterpret_cast<char*>(out.data()), std::streamsize(out.size() * sizeof(T)));
    return out;
}

inline nlohmann::json readJson(const std::filesystem::path& file)
{
    std::ifstream in(file);
    if (!in) throw std::runtime_error("cannot open " + file.string());
    return nlohmann::json::parse(in);
}

} // namespace emotrace::test
