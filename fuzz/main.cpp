// SPDX-License-Identifier: MIT
/// @file
/// The replay driver: a `main` for fuzz targets built without libFuzzer (g++, or any
/// build with ONCEHUB_WEBHOOKS_BUILD_TESTS). It runs `LLVMFuzzerTestOneInput` once on
/// every file named on the command line, directories recursively, so every target
/// compiles in every build and the corpora stay green ("fuzzers never rot").
///
///   fuzz_parse_event_replay tests/data crash-1234   # files and folders, any mix
///
/// Arguments starting with '-' are ignored, so a libFuzzer command line can be reused.
/// Each input is copied into a heap buffer of exactly its size, as libFuzzer does, so
/// AddressSanitizer builds catch any read past the end. Exit status: 0 when every input
/// ran, 1 when an argument names nothing readable or no input was found (a vacuous replay
/// must not pass); a broken invariant aborts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);
// Optional in a target; weak so that targets without one still link.
extern "C" __attribute__((weak)) int LLVMFuzzerInitialize(int* argc, char*** argv);

namespace {

namespace fs = std::filesystem;

bool collect(const fs::path& path, std::vector<fs::path>& out) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    std::vector<fs::path> found;
    for (const auto& entry : fs::recursive_directory_iterator(path, ec)) {
      if (entry.is_regular_file()) { found.push_back(entry.path()); }
    }
    if (ec) { return false; }
    std::sort(found.begin(), found.end());  // a stable order makes failures reproducible
    out.insert(out.end(), found.begin(), found.end());
    return true;
  }
  if (fs::is_regular_file(path, ec)) {
    out.push_back(path);
    return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  if (LLVMFuzzerInitialize != nullptr) { LLVMFuzzerInitialize(&argc, &argv); }
  std::vector<fs::path> inputs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.empty() || arg.front() == '-') { continue; }
    if (!collect(arg, inputs)) {
      std::fprintf(stderr, "replay: cannot read %s\n", arg.c_str());
      return 1;
    }
  }
  if (inputs.empty()) {
    std::fprintf(stderr, "usage: %s FILE_OR_DIR...  (no input found)\n", argc > 0 ? argv[0] : "replay");
    return 1;
  }
  for (const fs::path& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (!in.good() && !in.eof()) {
      std::fprintf(stderr, "replay: cannot read %s\n", path.c_str());
      return 1;
    }
    // Named before running, so that the input behind a crash is on the log.
    std::printf("Running: %s\n", path.c_str());
    std::fflush(stdout);
    const std::size_t size = bytes.size();
    std::unique_ptr<std::uint8_t[]> exact(new std::uint8_t[size == 0 ? 1 : size]);
    std::copy(bytes.begin(), bytes.end(), exact.get());
    LLVMFuzzerTestOneInput(exact.get(), size);
  }
  std::printf("replayed %zu inputs\n", inputs.size());
  return 0;
}
