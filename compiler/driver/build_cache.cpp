#include "driver/build_cache.h"

#include "driver/content_hash.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace inko::driver {
namespace {

namespace fs = std::filesystem;

constexpr const char* kLayout = "v1";

std::string resolve(const std::string& name, const modules::SearchPath& search,
                    const std::string& entry) {
  std::error_code code;
  if (name == "main")
    return fs::absolute(entry, code).string();
  std::string relative = modules::module_relative_path(name);
  for (const std::string& directory : search.directories) {
    fs::path candidate = fs::path(directory) / relative;
    if (fs::is_regular_file(candidate, code))
      return fs::absolute(candidate, code).string();
  }
  return "";
}

unsigned long long size_limit() {
  const char* text = std::getenv("INKOC_CACHE_SIZE");
  unsigned long long mebibytes = text != nullptr ? std::strtoull(text, nullptr, 10) : 0;
  return (mebibytes > 0 ? mebibytes : 512) << 20;
}

} // namespace

std::unique_ptr<BuildCache> BuildCache::open(const std::string& directory, std::string& error) {
  std::string root = (fs::path(directory) / kLayout).string();
  std::error_code code;
  for (const char* part : {"objects", "executables", "fingerprints"}) {
    fs::create_directories(fs::path(root) / part, code);
    if (code) {
      error = "cannot use the build cache " + directory + ": " + code.message();
      return nullptr;
    }
  }
  return std::unique_ptr<BuildCache>(new BuildCache(root));
}

std::string BuildCache::object_path(const std::string& key) const {
  return (fs::path(root_) / "objects" / (key + ".o")).string();
}

std::string BuildCache::executable_path(const std::string& key) const {
  return (fs::path(root_) / "executables" / key).string();
}

bool BuildCache::has(const std::string& path) const {
  std::error_code code;
  if (!fs::is_regular_file(path, code))
    return false;
  fs::last_write_time(path, fs::file_time_type::clock::now(), code);
  return true;
}

std::string BuildCache::temporary_for(const std::string& path) const {
  return path + ".tmp-" + std::to_string(getpid());
}

bool BuildCache::commit(const std::string& temporary, const std::string& path) const {
  std::error_code code;
  fs::rename(temporary, path, code);
  if (code)
    fs::remove(temporary, code);
  return !code;
}

bool BuildCache::find_fingerprint(const std::string& id, const modules::SearchPath& search,
                                  const std::string& entry, std::string& object_key) const {
  std::ifstream in(fs::path(root_) / "fingerprints" / id);
  std::string line;
  if (!std::getline(in, line) || line.rfind("object ", 0) != 0)
    return false;
  std::string key = line.substr(7);
  bool any = false;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    ModuleFingerprint module;
    std::string tag;
    if (!(fields >> tag >> module.name >> module.hash) || tag != "module")
      return false;
    std::getline(fields >> std::ws, module.path);
    std::string hash;
    if (resolve(module.name, search, entry) != module.path || !hash_file(module.path, hash) ||
        hash != module.hash)
      return false;
    any = true;
  }
  if (!any)
    return false;
  object_key = key;
  return true;
}

void BuildCache::store_fingerprint(const std::string& id, const std::string& object_key,
                                   const std::vector<ModuleFingerprint>& modules) const {
  std::string path = (fs::path(root_) / "fingerprints" / id).string();
  std::string temporary = temporary_for(path);
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << "object " << object_key << '\n';
    for (const ModuleFingerprint& module : modules)
      out << "module " << module.name << ' ' << module.hash << ' ' << module.path << '\n';
    if (!out)
      return;
  }
  commit(temporary, path);
}

void BuildCache::trim() const {
  struct Entry {
    fs::path path;
    fs::file_time_type time;
    unsigned long long size;
  };
  std::vector<Entry> entries;
  unsigned long long total = 0;
  std::error_code code;
  for (const char* part : {"objects", "executables"}) {
    for (const auto& item : fs::directory_iterator(fs::path(root_) / part, code)) {
      std::error_code ignored;
      Entry entry{item.path(), item.last_write_time(ignored), item.file_size(ignored)};
      total += entry.size;
      entries.push_back(std::move(entry));
    }
  }
  unsigned long long limit = size_limit();
  if (total <= limit)
    return;
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.time < b.time; });
  for (const Entry& entry : entries) {
    if (total <= limit * 3 / 4)
      break;
    fs::remove(entry.path, code);
    total -= entry.size;
  }
}

} // namespace inko::driver
