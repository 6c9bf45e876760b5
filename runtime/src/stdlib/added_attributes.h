// Attributes that std::mirror's set_attribute adds to an object that does
// not declare them. 0.8 objects could grow attributes at run time, and
// PROCESSES P7 copies them with the object; compiled objects have a fixed
// layout, so each heap keeps them beside its objects: per object an Inko
// Array of name/value pairs (`[name, value, name, value, ...]`).
//
// The collector keeps an object's array alive while the object is, and
// forgets the entries of objects it frees (memory/collector.cpp); a message
// copies the arrays of the objects it copies (process/message_writer.cpp).
// Objects never move, so an object's address identifies it.
#pragma once

#include "inko/abi.h"

#include <unordered_map>

namespace inko {

class AddedAttributes {
public:
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

  // The Array of `object`'s added attributes, or 0 when it has none.
  InkoValue find(InkoValue object) const {
    auto entry = entries_.find(object);
    return entry != entries_.end() ? entry->second : 0;
  }

  void set(InkoValue object, InkoValue attributes) { entries_[object] = attributes; }

  template <typename Visit> void for_each(Visit&& visit) const {
    for (const auto& [object, attributes] : entries_)
      visit(object, attributes);
  }

  template <typename Dead> void erase_if(Dead&& dead) {
    std::erase_if(entries_, [&](const auto& entry) { return dead(entry.first); });
  }

private:
  std::unordered_map<InkoValue, InkoValue> entries_;
};

} // namespace inko
