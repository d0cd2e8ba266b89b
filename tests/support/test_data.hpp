// SPDX-License-Identifier: MIT
/// @file
/// Test helpers: reading fixtures, finding fixture folders, and feeding the parser
/// exactly-sized copies so AddressSanitizer catches any read past the body.
#ifndef ONCEHUB_WEBHOOKS_TESTS_TEST_DATA_HPP
#define ONCEHUB_WEBHOOKS_TESTS_TEST_DATA_HPP

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace test_data {

/// `tests/data`.
inline std::filesystem::path data_dir() { return ONCEHUB_WEBHOOKS_TEST_DATA_DIR; }

/// `../shared/oncehub/payloads` (published OnceHub samples; may be absent).
inline std::filesystem::path shared_payloads_dir() { return ONCEHUB_WEBHOOKS_SHARED_PAYLOADS_DIR; }

/// The whole file, bytes untouched.
inline std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

/// Every `*.json` file under `dir` (recursively), sorted for stable test names.
inline std::vector<std::filesystem::path> json_files(const std::filesystem::path& dir) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::exists(dir)) { return files; }
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file() && entry.path().extension() == ".json") { files.push_back(entry.path()); }
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// A heap copy with no byte to spare: reading past `size()` is an ASan error.
class exact_buffer {
 public:
  explicit exact_buffer(std::string_view text) : size_(text.size()), data_(new char[text.size() ? text.size() : 1]) {
    std::copy(text.begin(), text.end(), data_.get());
  }
  [[nodiscard]] std::string_view view() const { return {data_.get(), size_}; }

 private:
  std::size_t size_;
  std::unique_ptr<char[]> data_;
};

}  // namespace test_data

#endif  // ONCEHUB_WEBHOOKS_TESTS_TEST_DATA_HPP
