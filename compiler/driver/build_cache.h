// The build cache, content-addressed like Go's GOCACHE (docs/cli.md):
//
//   objects/<key>.o      the program's object; key = compiler identity,
//                        target, -O level, and every module's name, path
//                        and content hash in load order
//   executables/<key>    the linked program; key = object key, runtime
//                        identity, --static, strip
//   fingerprints/<id>    what the last build of one entry file with one
//                        search path read: its object key and each
//                        module's name, path and content hash
//
// A fingerprint lets an unchanged program skip the front end: if every
// module it lists still resolves to the same file with the same hash, the
// object key is known without lexing a byte. Entries are written under a
// temporary name and renamed, so concurrent builds never see half a file;
// hits refresh an entry's time and the least recently used are removed
// once the cache outgrows $INKOC_CACHE_SIZE MiB (default 512).
#pragma once

#include "modules/module_graph.h"

#include <memory>
#include <string>
#include <vector>

namespace inko::driver {

struct ModuleFingerprint {
  std::string name; // "main" for the entry file
  std::string path; // absolute, exactly as the debug info records it
  std::string hash; // of the file's bytes
};

class BuildCache {
public:
  // Creates the directories; nullptr and `error` when the cache is unusable.
  static std::unique_ptr<BuildCache> open(const std::string& directory, std::string& error);

  std::string object_path(const std::string& key) const;
  std::string executable_path(const std::string& key) const;

  // True when the entry exists (and marks it as recently used).
  bool has(const std::string& path) const;
  // A private name to write `path` under before commit() renames it.
  std::string temporary_for(const std::string& path) const;
  bool commit(const std::string& temporary, const std::string& path) const;

  // The object key recorded under `id`, if every module still resolves
  // through `search` (the entry file being `entry`) to unchanged bytes.
  bool find_fingerprint(const std::string& id, const modules::SearchPath& search,
                        const std::string& entry, std::string& object_key) const;
  void store_fingerprint(const std::string& id, const std::string& object_key,
                         const std::vector<ModuleFingerprint>& modules) const;

  // Removes the least recently used entries beyond the size limit.
  void trim() const;

private:
  explicit BuildCache(std::string root) : root_(std::move(root)) {}
  std::string root_;
};

} // namespace inko::driver
