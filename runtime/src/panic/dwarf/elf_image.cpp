// See elf_image.h. Only 64-bit little-endian ELF (x86-64, aarch64).
#include "panic/dwarf/elf_image.h"

#include <cstring>
#include <elf.h>
#include <fcntl.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace inko::dwarf {
namespace {

std::uintptr_t load_bias() {
  auto* headers = reinterpret_cast<const Elf64_Phdr*>(getauxval(AT_PHDR));
  std::size_t count = getauxval(AT_PHNUM);
  if (headers == nullptr)
    return 0;
  for (std::size_t i = 0; i < count; ++i) {
    if (headers[i].p_type == PT_PHDR)
      return reinterpret_cast<std::uintptr_t>(headers) - headers[i].p_vaddr;
  }
  return 0; // a non-PIE executable without PT_PHDR is loaded where it was linked
}

} // namespace

bool load_debug_sections(DebugSections& sections) {
  sections.load_bias = load_bias();
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct stat status {};
  if (fstat(fd, &status) != 0 || status.st_size < static_cast<off_t>(sizeof(Elf64_Ehdr))) {
    close(fd);
    return false;
  }
  std::size_t size = static_cast<std::size_t>(status.st_size);
  void* mapped = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapped == MAP_FAILED)
    return false;
  auto* bytes = static_cast<const std::uint8_t*>(mapped);
  auto* header = reinterpret_cast<const Elf64_Ehdr*>(bytes);
  if (std::memcmp(header->e_ident, ELFMAG, SELFMAG) != 0 ||
      header->e_ident[EI_CLASS] != ELFCLASS64 || header->e_ident[EI_DATA] != ELFDATA2LSB ||
      header->e_shentsize != sizeof(Elf64_Shdr) || header->e_shoff > size ||
      header->e_shnum > (size - header->e_shoff) / sizeof(Elf64_Shdr) ||
      header->e_shstrndx >= header->e_shnum)
    return false;
  auto* table = reinterpret_cast<const Elf64_Shdr*>(bytes + header->e_shoff);
  const Elf64_Shdr& names = table[header->e_shstrndx];
  if (names.sh_offset > size || names.sh_size > size - names.sh_offset)
    return false;
  struct Wanted {
    const char* name;
    Section* section;
  } wanted[] = {
      {".debug_line", &sections.line},
      {".debug_line_str", &sections.line_str},
      {".debug_str", &sections.str},
      {".debug_info", &sections.info},
      {".debug_abbrev", &sections.abbrev},
      {".debug_addr", &sections.addr},
      {".debug_str_offsets", &sections.str_offsets},
      {".debug_rnglists", &sections.rnglists},
  };
  for (unsigned i = 0; i < header->e_shnum; ++i) {
    const Elf64_Shdr& section = table[i];
    if (section.sh_name >= names.sh_size || section.sh_type == SHT_NOBITS ||
        (section.sh_flags & SHF_COMPRESSED) != 0 || section.sh_offset > size ||
        section.sh_size > size - section.sh_offset)
      continue;
    const char* name = reinterpret_cast<const char*>(bytes + names.sh_offset + section.sh_name);
    std::size_t room = names.sh_size - section.sh_name;
    for (Wanted& entry : wanted) {
      if (strnlen(name, room) == std::strlen(entry.name) && std::strcmp(name, entry.name) == 0)
        *entry.section = Section{bytes + section.sh_offset, section.sh_size};
    }
  }
  return true;
}

} // namespace inko::dwarf
