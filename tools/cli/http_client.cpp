// SPDX-License-Identifier: MIT
/// @file
/// `send_http` over libcurl's easy interface.
#include "http_client.hpp"

#include <curl/curl.h>

#include <cstddef>
#include <memory>

namespace cli {

namespace {

// Answers larger than this are cut off: a page of 100 webhooks is about 40 KB.
constexpr std::size_t max_response_size = std::size_t{32} << 20;

struct curl_deleter {
  void operator()(CURL* handle) const noexcept { curl_easy_cleanup(handle); }
  void operator()(curl_slist* list) const noexcept { curl_slist_free_all(list); }
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (body->size() + bytes > max_response_size) { return 0; }  // makes curl fail with CURLE_WRITE_ERROR
  body->append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<http_response*>(user);
  const std::size_t bytes = size * count;
  std::string_view line(data, bytes);
  constexpr std::string_view name = "request-id:";
  if (line.size() > name.size()) {
    bool match = true;
    for (std::size_t i = 0; i < name.size() && match; ++i) {
      const char c = line[i];
      match = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == name[i];
    }
    if (match) {
      line.remove_prefix(name.size());
      while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) { line.remove_prefix(1); }
      while (!line.empty() && (line.back() == '\r' || line.back() == '\n' || line.back() == ' ')) {
        line.remove_suffix(1);
      }
      response->request_id = std::string(line);
    }
  }
  return bytes;
}

}  // namespace

std::optional<http_response> send_http(const http_request& request, std::string& failure) {
  static const CURLcode global = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (global != CURLE_OK) {
    failure = std::string("libcurl could not start: ") + curl_easy_strerror(global);
    return std::nullopt;
  }
  std::unique_ptr<CURL, curl_deleter> handle(curl_easy_init());
  if (!handle) {
    failure = "libcurl could not create a handle";
    return std::nullopt;
  }
  curl_slist* raw_headers = nullptr;
  for (const std::string& line : request.headers) {
    curl_slist* grown = curl_slist_append(raw_headers, line.c_str());
    if (grown == nullptr) {
      curl_slist_free_all(raw_headers);
      failure = "out of memory";
      return std::nullopt;
    }
    raw_headers = grown;
  }
  std::unique_ptr<curl_slist, curl_deleter> headers(raw_headers);

  http_response response;
  char error_buffer[CURL_ERROR_SIZE] = {};
  CURL* h = handle.get();
  const std::string method(request.method);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  // GET and DELETE send no body; CURLOPT_CUSTOMREQUEST supplies the verb.
  if (method == "POST" || !request.body.empty()) {
    // Never a null pointer: curl would then read the body from stdin.
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  // A local test server must never be reached through a proxy from the environment.
  curl_easy_setopt(h, CURLOPT_NOPROXY, "localhost,127.0.0.1,::1");
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, 10L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 60L);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &response);

  const CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK) {
    failure = error_buffer[0] != '\0' ? std::string(error_buffer) : std::string(curl_easy_strerror(code));
    if (code == CURLE_WRITE_ERROR) { failure = "the answer is larger than 32 MiB"; }
    return std::nullopt;
  }
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  response.status = static_cast<int>(status);
  return response;
}

}  // namespace cli
