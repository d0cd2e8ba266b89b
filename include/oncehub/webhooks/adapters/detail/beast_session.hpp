// SPDX-License-Identifier: MIT
/// @file
/// Behind adapters/beast.hpp: one connection (`server::session`), asynchronously reading
/// requests one after another through the receive core, and the checks of Beast's
/// parser results it makes.
#ifndef ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_SESSION_HPP
#define ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_SESSION_HPP

#include "oncehub/webhooks/adapters/beast.hpp"

namespace oncehub::webhooks::inline v0::beast {

namespace detail {

/// The log reason for an error of Beast's parser (static text).
inline std::string_view parse_error_reason(const boost::system::error_code& ec) noexcept {
  if (ec == http::error::bad_field) { return "field_name_invalid"; }
  if (ec == http::error::bad_value) { return "field_value_invalid"; }
  if (ec == http::error::bad_obs_fold) { return "obs_fold"; }
  if (ec == http::error::bad_line_ending) { return "bad_line_ending"; }
  if (ec == http::error::bad_method || ec == http::error::bad_target || ec == http::error::bad_version) {
    return "bad_request_line";
  }
  if (ec == http::error::bad_content_length || ec == http::error::multiple_content_length) {
    return "content_length_invalid";
  }
  if (ec == http::error::bad_transfer_encoding) { return "transfer_encoding_unsupported"; }
  if (ec == http::error::bad_chunk || ec == http::error::bad_chunk_extension) { return "bad_chunk"; }
  if (ec == http::error::header_limit) { return "header_too_long"; }
  return "bad_request";
}

/// The length of the request head at the start of `buffered` (through the empty line that
/// ends it, CRLF or a bare LF, which the parser then refuses), or npos if it is not all
/// there yet.
inline std::size_t head_length(std::string_view buffered) noexcept {
  for (std::size_t at = buffered.find('\n'); at != std::string_view::npos; at = buffered.find('\n', at + 1)) {
    if (at + 1 < buffered.size() && buffered[at + 1] == '\n') { return at + 2; }
    if (at + 2 < buffered.size() && buffered[at + 1] == '\r' && buffered[at + 2] == '\n') { return at + 3; }
  }
  return std::string_view::npos;
}

/// The longest chunk-size line (size, extensions; RFC 9112 section 7.1.1) we buffer.
inline constexpr std::size_t max_chunk_line = 1024;

/// When the parser needs more bytes inside a chunked body, `pending` (unconsumed) is an
/// incomplete chunk-size line, or the last chunk's line and an incomplete trailer section
/// (RFC 9112 section 7.1.2). The log reason and status if it has outgrown its bound.
inline std::optional<std::pair<std::string_view, int>> pending_chunk_excess(std::string_view pending,
                                                                            std::size_t max_trailer) noexcept {
  if (pending.starts_with("\r\n")) { pending.remove_prefix(2); }  // the previous chunk's end
  const std::size_t eol = pending.find("\r\n");
  if (eol == std::string_view::npos ? pending.size() > max_chunk_line : eol > max_chunk_line) {
    return std::pair<std::string_view, int>{"chunk_extension_too_long", 400};
  }
  if (pending.size() > max_trailer) { return std::pair<std::string_view, int>{"trailer_too_long", 431}; }
  return std::nullopt;
}

}  // namespace detail

/// One connection: reads requests one after another and answers each.
class server::session : public std::enable_shared_from_this<server::session> {
 public:
  session(server& owner, detail::tcp::socket socket)
      : owner_(owner), stream_(std::move(socket)), request_(*owner.core_) {}

  ~session() {
    const std::lock_guard lock(owner_.sessions_mutex_);
    owner_.sessions_.erase(self_);
    if (--owner_.open_ == 0 && owner_.stopping_ && !owner_.destroying_) {
      // The last connection is gone: `run` may return now.
      detail::asio::post(owner_.stop_timer_.get_executor(), [&owner = owner_] { owner.stop_timer_.cancel(); });
    }
  }

  void start(std::list<std::weak_ptr<session>>::iterator self) {
    self_ = self;
    detail::asio::dispatch(stream_.get_executor(), [s = shared_from_this()] { s->wait_for_request(); });
  }

  /// From `server::stop`: close now if idle; otherwise finish the request and close.
  void stop() {
    detail::asio::dispatch(stream_.get_executor(), [s = shared_from_this()] {
      // Idle, or lingering after a final answer: nothing is owed to this sender.
      if (s->idle_ || s->lingering_) { s->stream_.close(); }
    });
  }

 private:
  using error_code = boost::system::error_code;

  // Waits for the first byte of the next request (bytes already buffered count).
  void wait_for_request() {
    if (owner_.stopping_) {
      stream_.close();  // between requests: nothing unread to linger for
      return;
    }
    if (buffer_.size() > 0) {
      begin_request();
      return;
    }
    idle_ = true;
    stream_.expires_after(owner_.options_.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096), [s = shared_from_this()](error_code ec, std::size_t n) {
      s->idle_ = false;
      if (ec) {
        s->close();  // idle timeout, or the sender hung up between requests: nothing to log
        return;
      }
      s->buffer_.commit(n);
      s->begin_request();
    });
  }

  void begin_request() {
    first_byte_ = std::chrono::steady_clock::now();
    started_ = false;
    // One deadline for the whole request, head and body.
    stream_.expires_after(owner_.options_.request_timeout);
    parser_.emplace();
    // We bound the head and the trailer section ourselves (with the same limit), before
    // the parser sees them; this only keeps Beast's own check out of the way.
    parser_->header_limit(static_cast<std::uint32_t>(owner_.options_.max_header * 2 + 1024));
    parser_->body_limit(boost::none);  // the receive core applies the limits
    parser_->eager(false);
    // A chunk's extensions are buffered whole by the parser (and ignored by us): bounded.
    extension_too_long_ = false;
    parser_->on_chunk_header(extension_check_);  // held by reference
    parse_head();
  }

  // Reads until the whole head (through its empty line) is buffered, then parses it in
  // one `put`: Beast's parser consumes the request line on its own when the field lines
  // are still incomplete, so feeding it a partial head again would misparse it; and the
  // raw-head checks below (obs-fold) need the whole head at once. Any split of the head
  // across reads therefore parses exactly as if it came in one.
  void parse_head() {
    const std::string_view buffered(static_cast<const char*>(buffer_.data().data()), buffer_.size());
    const std::size_t end = detail::head_length(buffered);
    if (end == std::string_view::npos) {
      if (buffered.size() >= owner_.options_.max_header) {
        refuse("header_too_long", 431);
        return;
      }
      read_more([](session& s) { s.parse_head(); });
      return;
    }
    if (end > owner_.options_.max_header) {
      refuse("header_too_long", 431);
      return;
    }
    error_code ec;
    std::size_t used = 0;
    try {
      used = parser_->put(detail::asio::buffer(buffered.data(), end), ec);
    } catch (const std::exception&) {  // e.g. a field Beast's fields cannot hold
      refuse("bad_request", 400);
      return;
    }
    if (ec) {
      refuse(detail::parse_error_reason(ec), ec == detail::http::error::header_limit ? 431 : 400);
      return;
    }
    if (!parser_->is_header_done()) {  // e.g. empty lines before the request line
      refuse("bad_request", 400);
      return;
    }
    // RFC 9112 section 5.2: Beast unfolds obs-fold lines; we refuse them instead, so a
    // folded field cannot mean one thing here and another to a proxy in front of us.
    const std::string_view head = buffered.substr(0, used);
    for (std::size_t at = head.find("\r\n"); at != std::string_view::npos; at = head.find("\r\n", at + 2)) {
      if (at + 2 < head.size() && (head[at + 2] == ' ' || head[at + 2] == '\t')) {
        refuse("obs_fold", 400);
        return;
      }
    }
    buffer_.consume(used);
    on_head();
  }

  // Reads one more slice into `buffer_`, then calls `next` (or ends on a read error).
  template <class Next>
  void read_more(Next next, std::size_t most = 4096) {
    stream_.async_read_some(buffer_.prepare(most), [s = shared_from_this(), next](error_code ec, std::size_t n) {
      if (ec) {
        s->on_read_error(ec);
        return;
      }
      s->buffer_.commit(n);
      next(*s);
    });
  }

  void on_head() {
    auto& message = parser_->get();
    const auto method = message.method_string();
    const auto target = message.target();
    request_.start(std::string_view(method.data(), method.size()), std::string_view(target.data(), target.size()),
                   first_byte_);
    started_ = true;
    for (const auto& field : message) {
      const auto name = field.name_string();
      const auto value = field.value();
      request_.header(std::string_view(name.data(), name.size()), std::string_view(value.data(), value.size()));
    }
    keep_alive_ = message.keep_alive();
    const auto length = parser_->content_length();
    const std::optional<std::uint64_t> content_length =
        length ? std::optional<std::uint64_t>(*length) : std::optional<std::uint64_t>{};
    if (!request_.end_of_head(content_length, parser_->chunked())) {
      respond();
      return;
    }
    if (parser_->is_done()) {
      request_.finish(true);
      respond();
      return;
    }
    if (request_.expects_continue()) {
      static constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";
      detail::asio::async_write(stream_, detail::asio::buffer(continue_line.data(), continue_line.size()),
                                [s = shared_from_this()](error_code ec, std::size_t) {
                                  if (ec) {
                                    s->on_read_error(ec);
                                    return;
                                  }
                                  s->read_body();
                                });
      return;
    }
    read_body();
  }

  // Feeds buffered bytes to the parser and the body to the core, reading more as needed.
  // Our own reads (not `http::async_read_some`, whose buffer grows without bound while a
  // chunk line or the trailer section is incomplete) keep what a sender can make us
  // buffer bounded: a chunk-size line (with its extensions) by `max_chunk_line`, the
  // trailer section by `max_header`; and an exception from the parser (a trailer field
  // Beast's fields cannot hold) ends this request with a 400, never the process.
  void read_body() {
    for (;;) {
      auto& body = parser_->get().body();
      body.data = chunk_;
      body.size = sizeof chunk_;
      error_code ec;
      std::size_t used = 0;
      try {
        used = parser_->put(buffer_.data(), ec);
      } catch (const std::exception&) {
        refuse("bad_chunk", 400);
        return;
      }
      buffer_.consume(used);
      const std::size_t n = sizeof chunk_ - parser_->get().body().size;
      if (n > 0 && !request_.body(std::string_view(chunk_, n))) {
        request_.finish(false);  // the core has seen enough: the rest stays unread
        respond();
        return;
      }
      if (ec == detail::http::error::need_buffer) { continue; }
      if (ec && ec != detail::http::error::need_more) {
        if (extension_too_long_) {
          refuse("chunk_extension_too_long", 400);
          return;
        }
        on_read_error(ec);
        return;
      }
      if (parser_->is_done()) {
        request_.finish(true);
        respond();
        return;
      }
      if (ec == detail::http::error::need_more || used == 0) {
        if (const auto too_much = detail::pending_chunk_excess(
                std::string_view(static_cast<const char*>(buffer_.data().data()), buffer_.size()),
                owner_.options_.max_header)) {
          refuse(too_much->first, too_much->second);
          return;
        }
        // Never more buffered than the previous chunk's CRLF, the trailer bound and one
        // byte: `pending_chunk_excess` skips that CRLF, so the cap must leave room for it,
        // or a trailer section over the bound that follows a body chunk would stop one
        // byte short of it and wait for the deadline (408) instead of its 431. Refused
        // however its bytes are split across reads.
        const std::size_t cap = owner_.options_.max_header + 3;
        if (buffer_.size() >= cap) {  // cannot happen: the bound above refused it first
          refuse("trailer_too_long", 431);
          return;
        }
        read_more([](session& s) { s.read_body(); }, std::min<std::size_t>(cap - buffer_.size(), 16384));
        return;
      }
    }
  }

  void on_read_error(error_code ec) {
    if (ec == boost::beast::error::timeout) {
      if (!started_) { request_.start("-", "-", first_byte_); }
      request_.timed_out();  // logged (408); the stream is already closed
      close();
      return;
    }
    if (ec.category() == detail::http::make_error_code(detail::http::error::bad_field).category() &&
        ec != detail::http::error::end_of_stream && ec != detail::http::error::partial_message) {
      refuse(detail::parse_error_reason(ec), 400);  // a bad chunk: say so, then close
      return;
    }
    // The sender hung up (or reset) mid-request: logged, nobody to answer.
    if (started_) { request_.finish(false); }
    close();
  }

  // Answers a request Beast's parser refused, then closes.
  void refuse(std::string_view reason, int status) {
    if (!started_) {
      request_.start("-", "-", first_byte_);
      started_ = true;
    }
    request_.reject(reason, status);
    respond();
  }

  void respond() {
    const receive_answer& answer = request_.answer();
    close_after_ = answer.close || !keep_alive_ || owner_.stopping_;
    receive_answer sent = answer;
    sent.close = close_after_;
    webhooks::detail::framing::serialize_answer(out_, sent, sent.close);
    stream_.expires_after(owner_.options_.request_timeout);
    detail::asio::async_write(stream_, detail::asio::buffer(out_),
                              [s = shared_from_this()](error_code ec, std::size_t) {
                                if (ec || s->close_after_) {
                                  // Linger only when bytes of the request may still be on their way.
                                  if (!ec && !s->request_.answer().close) {
                                    error_code ignored;
                                    s->stream_.socket().shutdown(detail::tcp::socket::shutdown_send, ignored);
                                    s->stream_.close();
                                    return;
                                  }
                                  s->close();
                                  return;
                                }
                                s->keep_alive_ = true;
                                s->wait_for_request();
                              });
  }

  // A lingering close: our FIN first, then whatever the sender still writes is read and
  // thrown away (never parsed) for a moment, so that closing with unread bytes does not
  // reset the connection before the sender has read the answer.
  void close() {
    if (!stream_.socket().is_open()) { return; }
    error_code ignored;
    stream_.socket().shutdown(detail::tcp::socket::shutdown_send, ignored);
    lingering_ = true;
    stream_.expires_after(
        std::min<std::chrono::milliseconds>(owner_.options_.request_timeout, std::chrono::seconds(2)));
    drain();
  }

  void drain() {
    stream_.async_read_some(detail::asio::buffer(chunk_), [s = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        s->stream_.close();
        return;
      }
      s->drain();
    });
  }

  server& owner_;
  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  std::optional<detail::http::request_parser<detail::http::buffer_body>> parser_;
  receive_request request_;
  std::string out_;
  char chunk_[16384];
  std::chrono::steady_clock::time_point first_byte_{};
  std::list<std::weak_ptr<session>>::iterator self_{};
  bool idle_ = false;
  bool lingering_ = false;
  bool started_ = false;
  bool keep_alive_ = true;
  bool close_after_ = false;
  bool extension_too_long_ = false;
  struct extension_check {
    session* self;
    void operator()(std::uint64_t, boost::beast::string_view extensions, error_code& ec) const {
      if (extensions.size() > detail::max_chunk_line) {
        self->extension_too_long_ = true;
        ec = detail::http::error::bad_chunk_extension;
      }
    }
  } extension_check_{this};
};

}  // namespace oncehub::webhooks::inline v0::beast

#endif  // ONCEHUB_WEBHOOKS_ADAPTERS_DETAIL_BEAST_SESSION_HPP
