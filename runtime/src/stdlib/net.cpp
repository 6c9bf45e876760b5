// std::net intrinsics: sockets as descriptors (Integers). Calls that may
// block are made inside `process.blocking` by the Inko code, so only the
// calling process waits (PROCESSES P24). Failures push the OS error message
// onto `errors` and return Nil (support.h).
//
// Addresses travel as Strings: an IP address in text form plus a port, or a
// Unix socket path (a leading NUL byte for the abstract namespace).
#include "builtins/array.h"
#include "stdlib/support.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstddef>
#include <cstring>
#include <memory>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace inko;
using namespace inko::stdlib;

namespace {

// std::net::bits constants.
enum Domain : int64_t { kIpv4 = 0, kIpv6, kUnix };
enum Option : int64_t {
  kTtl = 0,
  kOnlyV6,
  kNoDelay,
  kBroadcast,
  kLinger,
  kReceiveSize,
  kSendSize,
  kKeepalive,
  kMulticastLoopV4,
  kMulticastLoopV6,
  kMulticastTtlV4,
  kMulticastHopsV6,
  kMulticastIfV4,
  kMulticastIfV6,
  kUnicastHopsV6,
  kReuseAddress,
  kReusePort,
};

int fd_of(InkoValue fd) {
  return static_cast<int>(small_of(fd));
}

// Calls `system_call` again while a signal interrupts it; returns its result.
template <typename SystemCall> auto retrying_interrupted(SystemCall&& system_call) {
  auto result = system_call();
  while (result < 0 && errno == EINTR)
    result = system_call();
  return result;
}

// A system call's count (a descriptor, bytes sent) as the Integer result,
// or, when it failed, the error.
InkoValue count_or_error(InkoProcess* process, InkoValue errors, ssize_t count) {
  if (count < 0)
    return fail(process, errors, errno);
  return small_value(count);
}

int domain_of(int fd) {
  sockaddr_storage address{};
  socklen_t size = sizeof(address);
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
    return AF_INET;
  return address.ss_family;
}

// Fills `address` for `text`/`port` in the socket's family; false with
// errno set when the text is not an address of that family.
bool make_address(int fd, InkoValue text, InkoValue port, sockaddr_storage& address,
                  socklen_t& size) {
  std::string host = c_string(text);
  int family = domain_of(fd);
  std::memset(&address, 0, sizeof(address));
  if (family == AF_UNIX) {
    auto* unix_address = reinterpret_cast<sockaddr_un*>(&address);
    std::string_view bytes = string_bytes(text);
    if (bytes.size() >= sizeof(unix_address->sun_path)) {
      errno = ENAMETOOLONG;
      return false;
    }
    unix_address->sun_family = AF_UNIX;
    std::memcpy(unix_address->sun_path, bytes.data(), bytes.size());
    size = static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + bytes.size() +
                                  (bytes.empty() || bytes[0] != '\0' ? 1 : 0));
    return true;
  }
  if (family == AF_INET6) {
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(small_of(port)));
    if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) != 1) {
      // An IPv4 address on an IPv6 socket: use its mapped form.
      in_addr v4;
      if (::inet_pton(AF_INET, host.c_str(), &v4) != 1) {
        errno = EINVAL;
        return false;
      }
      std::string mapped = "::ffff:" + host;
      ::inet_pton(AF_INET6, mapped.c_str(), &v6->sin6_addr);
    }
    size = sizeof(sockaddr_in6);
    return true;
  }
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  v4->sin_family = AF_INET;
  v4->sin_port = htons(static_cast<uint16_t>(small_of(port)));
  if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) != 1) {
    errno = EINVAL;
    return false;
  }
  size = sizeof(sockaddr_in);
  return true;
}

// [address, port] of a socket address.
InkoValue address_pair(InkoProcess* process, const sockaddr_storage& address, socklen_t size) {
  InkoArray* pair = array_new(process, 2);
  char text[INET6_ADDRSTRLEN + 1] = {};
  int64_t port = 0;
  if (address.ss_family == AF_INET) {
    auto* v4 = reinterpret_cast<const sockaddr_in*>(&address);
    ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof(text));
    port = ntohs(v4->sin_port);
    array_push(process, pair, string(process, text));
  } else if (address.ss_family == AF_INET6) {
    auto* v6 = reinterpret_cast<const sockaddr_in6*>(&address);
    ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof(text));
    port = ntohs(v6->sin6_port);
    array_push(process, pair, string(process, text));
  } else {
    auto* unix_address = reinterpret_cast<const sockaddr_un*>(&address);
    std::size_t length =
        size > offsetof(sockaddr_un, sun_path) ? size - offsetof(sockaddr_un, sun_path) : 0;
    std::string_view path(unix_address->sun_path, length);
    if (!path.empty() && path[0] != '\0' && path.back() == '\0')
      path = path.substr(0, std::strlen(unix_address->sun_path));
    array_push(process, pair, string(process, path));
  }
  array_push(process, pair, small_value(port));
  return value_of(pair);
}

std::string_view message_bytes(InkoValue message) {
  if (kind_of(message) == INKO_KIND_BYTE_ARRAY) {
    auto* bytes = as<InkoByteArray>(message);
    return std::string_view(reinterpret_cast<const char*>(bytes->bytes), bytes->length);
  }
  return string_bytes(message);
}

void append_bytes(InkoProcess* process, InkoValue bytes, const char* data, std::size_t size) {
  auto* array = as<InkoByteArray>(bytes);
  for (std::size_t i = 0; i < size; ++i) {
    inko_byte_array_set(process, bytes, small_value(static_cast<int64_t>(array->length)),
                        small_value(static_cast<unsigned char>(data[i])));
  }
}

bool level_and_name(int64_t option, int& level, int& name) {
  switch (option) {
  case kTtl:
    level = IPPROTO_IP, name = IP_TTL;
    return true;
  case kOnlyV6:
    level = IPPROTO_IPV6, name = IPV6_V6ONLY;
    return true;
  case kNoDelay:
    level = IPPROTO_TCP, name = TCP_NODELAY;
    return true;
  case kBroadcast:
    level = SOL_SOCKET, name = SO_BROADCAST;
    return true;
  case kReceiveSize:
    level = SOL_SOCKET, name = SO_RCVBUF;
    return true;
  case kSendSize:
    level = SOL_SOCKET, name = SO_SNDBUF;
    return true;
  case kMulticastLoopV4:
    level = IPPROTO_IP, name = IP_MULTICAST_LOOP;
    return true;
  case kMulticastLoopV6:
    level = IPPROTO_IPV6, name = IPV6_MULTICAST_LOOP;
    return true;
  case kMulticastTtlV4:
    level = IPPROTO_IP, name = IP_MULTICAST_TTL;
    return true;
  case kMulticastHopsV6:
    level = IPPROTO_IPV6, name = IPV6_MULTICAST_HOPS;
    return true;
  case kMulticastIfV6:
    level = IPPROTO_IPV6, name = IPV6_MULTICAST_IF;
    return true;
  case kUnicastHopsV6:
    level = IPPROTO_IPV6, name = IPV6_UNICAST_HOPS;
    return true;
  case kReuseAddress:
    level = SOL_SOCKET, name = SO_REUSEADDR;
    return true;
  case kReusePort:
#if defined(SO_REUSEPORT)
    level = SOL_SOCKET, name = SO_REUSEPORT;
    return true;
#else
    return false;
#endif
  default:
    return false;
  }
}

// The most one receive_from reads (larger datagrams are cut short): a
// buffer of `size` bytes is allocated up front.
constexpr std::size_t kLargestDatagram = std::size_t{1} << 24;

// How many bytes to receive for a `size` argument, at most `limit`; a
// negative size panics, as reading files does.
std::size_t receive_size(InkoProcess* process, InkoValue size, std::size_t limit) {
  if (is_small(size) && small_of(size) < 0)
    inko_process_panic_bytes(process, "The number of bytes to read can not be negative", 47);
  if (!is_small(size))
    return limit;
  return std::min(limit, static_cast<std::size_t>(small_of(size)));
}

} // namespace

extern "C" {

InkoValue inko_intrinsic_socket_new(InkoProcess* process, InkoValue domain, InkoValue kind,
                                    InkoValue errors) {
  int family = small_of(domain) == kIpv6 ? AF_INET6 : small_of(domain) == kUnix ? AF_UNIX : AF_INET;
  int type = SOCK_STREAM;
  switch (small_of(kind)) {
  case 1:
    type = SOCK_DGRAM;
    break;
  case 2:
    type = SOCK_SEQPACKET;
    break;
  case 3:
    type = SOCK_RAW;
    break;
  default:
    break;
  }
  int fd = ::socket(family, type | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return fail(process, errors, errno);
  return small_value(fd);
}

InkoValue inko_intrinsic_socket_bind(InkoProcess* process, InkoValue fd, InkoValue address,
                                     InkoValue port, InkoValue errors) {
  sockaddr_storage storage;
  socklen_t size = 0;
  if (!make_address(fd_of(fd), address, port, storage, size) ||
      ::bind(fd_of(fd), reinterpret_cast<sockaddr*>(&storage), size) != 0)
    return fail(process, errors, errno);
  return small_value(0);
}

InkoValue inko_intrinsic_socket_connect(InkoProcess* process, InkoValue fd, InkoValue address,
                                        InkoValue port, InkoValue errors) {
  sockaddr_storage storage;
  socklen_t size = 0;
  if (!make_address(fd_of(fd), address, port, storage, size))
    return fail(process, errors, errno);
  while (::connect(fd_of(fd), reinterpret_cast<sockaddr*>(&storage), size) != 0) {
    if (errno != EINTR)
      return fail(process, errors, errno);
  }
  return small_value(0);
}

InkoValue inko_intrinsic_socket_listen(InkoProcess* process, InkoValue fd, InkoValue backlog,
                                       InkoValue errors) {
  if (::listen(fd_of(fd), static_cast<int>(small_of(backlog))) != 0)
    return fail(process, errors, errno);
  return backlog;
}

InkoValue inko_intrinsic_socket_accept(InkoProcess* process, InkoValue fd, InkoValue errors) {
  int client =
      retrying_interrupted([&] { return ::accept4(fd_of(fd), nullptr, nullptr, SOCK_CLOEXEC); });
  return count_or_error(process, errors, client);
}

// One receive of at most `size` bytes, or (size Nil) everything until the
// peer closes; appends to `bytes` and returns the count.
InkoValue inko_intrinsic_socket_read(InkoProcess* process, InkoValue fd, InkoValue bytes,
                                     InkoValue size, InkoValue errors) {
  // On the heap: a process stack guarantees only INKO_STACK_RESERVE bytes
  // to runtime code (docs/stacks.md).
  constexpr std::size_t chunk_size = 65536;
  std::unique_ptr<char[]> chunk = std::make_unique_for_overwrite<char[]>(chunk_size);
  bool until_end = is_nil(size);
  std::size_t limit = until_end ? chunk_size : receive_size(process, size, chunk_size);
  int64_t total = 0;
  while (true) {
    std::size_t want = limit;
    ssize_t got = ::recv(fd_of(fd), chunk.get(), want, 0);
    if (got < 0) {
      if (errno == EINTR)
        continue;
      return fail(process, errors, errno);
    }
    append_bytes(process, bytes, chunk.get(), static_cast<std::size_t>(got));
    total += got;
    if (!until_end || got == 0)
      break;
  }
  return small_value(total);
}

InkoValue inko_intrinsic_socket_write(InkoProcess* process, InkoValue fd, InkoValue message,
                                      InkoValue errors) {
  std::string_view data = message_bytes(message);
  ssize_t sent = retrying_interrupted(
      [&] { return ::send(fd_of(fd), data.data(), data.size(), MSG_NOSIGNAL); });
  return count_or_error(process, errors, sent);
}

InkoValue inko_intrinsic_socket_send_to(InkoProcess* process, InkoValue fd, InkoValue message,
                                        InkoValue address, InkoValue port, InkoValue errors) {
  sockaddr_storage storage;
  socklen_t size = 0;
  if (!make_address(fd_of(fd), address, port, storage, size))
    return fail(process, errors, errno);
  std::string_view data = message_bytes(message);
  ssize_t sent = retrying_interrupted([&] {
    return ::sendto(fd_of(fd), data.data(), data.size(), MSG_NOSIGNAL,
                    reinterpret_cast<sockaddr*>(&storage), size);
  });
  return count_or_error(process, errors, sent);
}

// Receives one datagram of at most `size` bytes into `bytes`; returns the
// sender as [address, port].
InkoValue inko_intrinsic_socket_receive_from(InkoProcess* process, InkoValue fd, InkoValue bytes,
                                             InkoValue size, InkoValue errors) {
  std::size_t want = receive_size(process, size, kLargestDatagram);
  std::string buffer(want, '\0');
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  ssize_t got = retrying_interrupted([&] {
    return ::recvfrom(fd_of(fd), buffer.data(), want, 0, reinterpret_cast<sockaddr*>(&storage),
                      &length);
  });
  if (got < 0)
    return fail(process, errors, errno);
  append_bytes(process, bytes, buffer.data(), static_cast<std::size_t>(got));
  return address_pair(process, storage, length);
}

// The local (or with `peer` True, the remote) address as [address, port].
InkoValue inko_intrinsic_socket_address(InkoProcess* process, InkoValue fd, InkoValue peer,
                                        InkoValue errors) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  int result = peer == true_value()
                   ? ::getpeername(fd_of(fd), reinterpret_cast<sockaddr*>(&storage), &length)
                   : ::getsockname(fd_of(fd), reinterpret_cast<sockaddr*>(&storage), &length);
  if (result != 0)
    return fail(process, errors, errno);
  return address_pair(process, storage, length);
}

// An option's value: Booleans for flags, Floats (seconds) for LINGER and
// KEEPALIVE, Integers otherwise.
InkoValue inko_intrinsic_socket_get_option(InkoProcess* process, InkoValue fd, InkoValue option,
                                           InkoValue errors) {
  int64_t id = small_of(option);
  if (id == kLinger) {
    linger value{};
    socklen_t size = sizeof(value);
    if (::getsockopt(fd_of(fd), SOL_SOCKET, SO_LINGER, &value, &size) != 0)
      return fail(process, errors, errno);
    return float_value(process, value.l_onoff != 0 ? value.l_linger : 0);
  }
  if (id == kKeepalive) {
    int enabled = 0;
    socklen_t size = sizeof(enabled);
    if (::getsockopt(fd_of(fd), SOL_SOCKET, SO_KEEPALIVE, &enabled, &size) != 0)
      return fail(process, errors, errno);
    int idle = 0;
    size = sizeof(idle);
    // A socket without TCP keepalive timing (UDP) throws, as in 0.8.1.
    if (enabled != 0 && ::getsockopt(fd_of(fd), IPPROTO_TCP, TCP_KEEPIDLE, &idle, &size) != 0)
      return fail(process, errors, errno);
    return float_value(process, idle);
  }
  if (id == kMulticastIfV4) {
    in_addr value{};
    socklen_t size = sizeof(value);
    if (::getsockopt(fd_of(fd), IPPROTO_IP, IP_MULTICAST_IF, &value, &size) != 0)
      return fail(process, errors, errno);
    char text[INET_ADDRSTRLEN] = {};
    ::inet_ntop(AF_INET, &value, text, sizeof(text));
    return string(process, text);
  }
  int level = 0;
  int name = 0;
  if (!level_and_name(id, level, name)) {
    if (id == kReusePort)
      return false_value();
    return fail(process, errors, ENOPROTOOPT);
  }
  int value = 0;
  socklen_t size = sizeof(value);
  if (::getsockopt(fd_of(fd), level, name, &value, &size) != 0)
    return fail(process, errors, errno);
  switch (id) {
  case kOnlyV6:
  case kNoDelay:
  case kBroadcast:
  case kMulticastLoopV4:
  case kMulticastLoopV6:
  case kReuseAddress:
  case kReusePort:
    return boolean_value(value != 0);
  default:
    return small_value(value);
  }
}

InkoValue inko_intrinsic_socket_set_option(InkoProcess* process, InkoValue fd, InkoValue option,
                                           InkoValue value, InkoValue errors) {
  int64_t id = small_of(option);
  if (id == kLinger) {
    linger setting{};
    double seconds = kind_of(value) == INKO_KIND_FLOAT ? float_of(value) : 0;
    setting.l_onoff = seconds > 0 ? 1 : 0;
    setting.l_linger = static_cast<int>(seconds);
    if (::setsockopt(fd_of(fd), SOL_SOCKET, SO_LINGER, &setting, sizeof(setting)) != 0)
      return fail(process, errors, errno);
    return value;
  }
  if (id == kKeepalive) {
    double seconds = kind_of(value) == INKO_KIND_FLOAT ? float_of(value) : 0;
    int enabled = seconds > 0 ? 1 : 0;
    if (::setsockopt(fd_of(fd), SOL_SOCKET, SO_KEEPALIVE, &enabled, sizeof(enabled)) != 0)
      return fail(process, errors, errno);
    if (enabled != 0) {
      // The idle time is a TCP option: a UDP socket throws here, as it did
      // in 0.8.1, instead of reporting success and reading back 0.
      int idle = std::max(1, static_cast<int>(seconds));
      if (::setsockopt(fd_of(fd), IPPROTO_TCP, TCP_KEEPIDLE, &idle, sizeof(idle)) != 0) {
        int error = errno;
        int disabled = 0;
        ::setsockopt(fd_of(fd), SOL_SOCKET, SO_KEEPALIVE, &disabled, sizeof(disabled));
        return fail(process, errors, error);
      }
    }
    return value;
  }
  if (id == kMulticastIfV4) {
    in_addr address{};
    if (::inet_pton(AF_INET, c_string(value).c_str(), &address) != 1)
      return fail(process, errors, EINVAL);
    if (::setsockopt(fd_of(fd), IPPROTO_IP, IP_MULTICAST_IF, &address, sizeof(address)) != 0)
      return fail(process, errors, errno);
    return value;
  }
  int level = 0;
  int name = 0;
  if (!level_and_name(id, level, name)) {
    if (id == kReusePort)
      return value;
    return fail(process, errors, ENOPROTOOPT);
  }
  int raw = 0;
  if (value == true_value())
    raw = 1;
  else if (is_small(value))
    raw = static_cast<int>(small_of(value));
  if (::setsockopt(fd_of(fd), level, name, &raw, sizeof(raw)) != 0)
    return fail(process, errors, errno);
  return value;
}

// 0: reading, 1: writing, 2: both.
InkoValue inko_intrinsic_socket_shutdown(InkoProcess* process, InkoValue fd, InkoValue how,
                                         InkoValue errors) {
  int mode = small_of(how) == 0 ? SHUT_RD : small_of(how) == 1 ? SHUT_WR : SHUT_RDWR;
  if (::shutdown(fd_of(fd), mode) != 0)
    return fail(process, errors, errno);
  return small_value(0);
}

InkoValue inko_intrinsic_socket_close(InkoProcess*, InkoValue fd) {
  ::close(fd_of(fd));
  return nil_value();
}

} // extern "C"
