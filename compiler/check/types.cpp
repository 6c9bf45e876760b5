// Types: interning, user-facing names, substitution of type parameters and
// the compatibility relation of LANGUAGE L84 (with binding of inferred type
// arguments, L85).
#include "check/checker_impl.h"

#include <algorithm>

namespace inko::check {
namespace {

void append_name(const Program& program, TypeId id, std::string& out);

void append_args(const Program& program, const Type& type, std::string& out) {
  if (type.args_count == 0)
    return;
  out += "!(";
  for (uint32_t i = 0; i < type.args_count; ++i) {
    if (i > 0)
      out += ", ";
    append_name(program, program.type_arg(type, i), out);
  }
  out += ')';
}

void append_name(const Program& program, TypeId id, std::string& out) {
  id = program.resolve(id);
  if (id == kNoType) {
    out += "?";
    return;
  }
  const Type& type = program.types[id];
  switch (type.kind) {
  case TypeKind::Error:
    out += kErrorTypeName;
    return;
  case TypeKind::Never:
    out += "Never";
    return;
  case TypeKind::Any:
    out += "Any";
    return;
  case TypeKind::SelfType:
    out += "Self";
    return;
  case TypeKind::Object:
    out += program.objects[type.id].name;
    append_args(program, type, out);
    return;
  case TypeKind::Trait:
    out += program.traits[type.id].name;
    append_args(program, type, out);
    return;
  case TypeKind::Meta:
    out += type.is_trait ? program.traits[type.id].name : program.objects[type.id].name;
    append_args(program, type, out);
    return;
  case TypeKind::Module:
    out += program.modules[type.id].name;
    return;
  case TypeKind::TypeParam:
    out += program.type_params[type.id].name;
    return;
  case TypeKind::Optional:
    // An inner type inferred later may itself be optional: `?T` with T bound
    // to `?Integer` is written `?Integer`.
    if (TypeId inner = program.resolve(type.inner);
        inner == kNoType || program.types[inner].kind != TypeKind::Optional)
      out += '?';
    append_name(program, type.inner, out);
    return;
  case TypeKind::Infer:
    // Still unbound: the parameter it stands for, as in `Array!(T)`.
    if (program.inferred_params[type.id] != kNone)
      out += program.type_params[program.inferred_params[type.id]].name;
    else
      out += '?';
    return;
  case TypeKind::Block:
    out += type.block == BlockKind::Lambda ? "lambda" : "do";
    if (type.args_count > 0) {
      out += " (";
      for (uint32_t i = 0; i < type.args_count; ++i) {
        if (i > 0)
          out += ", ";
        if (type.rest && i + 1 == type.args_count)
          out += '*';
        append_name(program, program.type_arg(type, i), out);
      }
      out += ')';
    }
    if (type.throw_type != kNoType) {
      out += " !! ";
      append_name(program, type.throw_type, out);
    }
    if (type.return_type != kNoType) {
      out += " -> ";
      append_name(program, type.return_type, out);
    }
    return;
  }
}

} // namespace

std::string type_name(const Program& program, TypeId type) {
  std::string out;
  append_name(program, type, out);
  return out;
}

TypeId Checker::intern(Type type, std::span<const TypeId> args) {
  bool unique = type.kind == TypeKind::Infer;
  std::string key;
  if (!unique) {
    key.reserve(24 + args.size() * 4);
    auto put = [&key](uint32_t value) { key.append(reinterpret_cast<const char*>(&value), 4); };
    put(static_cast<uint32_t>(type.kind) | (static_cast<uint32_t>(type.block) << 8) |
        (uint32_t{type.is_trait} << 16) | (uint32_t{type.rest} << 17));
    put(type.id);
    put(type.inner);
    put(type.throw_type);
    put(type.return_type);
    for (TypeId arg : args)
      put(arg);
    if (auto found = type_index_.find(key); found != type_index_.end())
      return found->second;
  }
  type.args_begin = static_cast<uint32_t>(program_.type_lists.size());
  type.args_count = static_cast<uint32_t>(args.size());
  program_.type_lists.insert(program_.type_lists.end(), args.begin(), args.end());
  TypeId id = static_cast<TypeId>(program_.types.size());
  program_.types.push_back(type);
  if (!unique)
    type_index_.emplace(std::move(key), id);
  return id;
}

TypeId Checker::object_type(ObjectId object, std::span<const TypeId> args) {
  Type type;
  type.kind = TypeKind::Object;
  type.id = object;
  return intern(type, args);
}

TypeId Checker::trait_type(TraitId trait, std::span<const TypeId> args) {
  Type type;
  type.kind = TypeKind::Trait;
  type.id = trait;
  return intern(type, args);
}

TypeId Checker::meta_type(uint32_t id, bool is_trait, std::span<const TypeId> args) {
  Type type;
  type.kind = TypeKind::Meta;
  type.id = id;
  type.is_trait = is_trait;
  return intern(type, args);
}

TypeId Checker::optional(TypeId inner) {
  inner = resolve(inner);
  TypeKind kind = ty(inner).kind;
  if (kind == TypeKind::Optional || kind == TypeKind::Error || kind == TypeKind::Any ||
      is_nil(inner))
    return inner;
  Type type;
  type.kind = TypeKind::Optional;
  type.inner = inner;
  return intern(type);
}

TypeId Checker::param_type(TypeParamId param) {
  Type type;
  type.kind = TypeKind::TypeParam;
  type.id = param;
  return intern(type);
}

TypeId Checker::block_type(BlockKind kind, std::span<const TypeId> params, bool rest,
                           TypeId throw_type, TypeId return_type, MethodId literal) {
  Type type;
  type.kind = TypeKind::Block;
  type.id = literal;
  type.block = kind;
  type.rest = rest;
  type.throw_type = throw_type;
  type.return_type = return_type;
  return intern(type, params);
}

TypeId Checker::new_infer(TypeParamId param) {
  Type type;
  type.kind = TypeKind::Infer;
  type.id = static_cast<InferId>(program_.inferred.size());
  program_.inferred.push_back(kNoType);
  program_.inferred_params.push_back(param);
  return intern(type);
}

std::vector<TypeId> Checker::args_of(TypeId type) const {
  const Type& t = ty(type);
  return {program_.type_lists.begin() + t.args_begin,
          program_.type_lists.begin() + t.args_begin + t.args_count};
}

bool Checker::is_nil(TypeId type) const {
  const Type& t = ty(resolve(type));
  return t.kind == TypeKind::Object && t.id == program_.builtins.nil;
}

TypeId Checker::subst(TypeId id, const Bindings& bindings) {
  id = resolve(id);
  if (id == kNoType)
    return id;
  Type type = ty(id);
  switch (type.kind) {
  case TypeKind::SelfType:
    return bindings.self != kNoType ? bindings.self : id;
  case TypeKind::TypeParam: {
    TypeId bound = bindings.find(type.id);
    return bound != kNoType ? bound : id;
  }
  case TypeKind::Optional:
    return optional(subst(type.inner, bindings));
  case TypeKind::Object:
  case TypeKind::Trait:
  case TypeKind::Meta:
  case TypeKind::Block: {
    if (type.args_count == 0 && type.kind != TypeKind::Block)
      return id;
    std::vector<TypeId> args = args_of(id);
    bool changed = false;
    for (TypeId& arg : args) {
      TypeId replaced = subst(arg, bindings);
      changed |= replaced != arg;
      arg = replaced;
    }
    if (type.kind == TypeKind::Block) {
      TypeId throw_type = type.throw_type == kNoType ? kNoType : subst(type.throw_type, bindings);
      TypeId return_type =
          type.return_type == kNoType ? kNoType : subst(type.return_type, bindings);
      if (!changed && throw_type == type.throw_type && return_type == type.return_type)
        return id;
      return block_type(type.block, args, type.rest, throw_type, return_type, type.id);
    }
    if (!changed)
      return id;
    type.args_count = 0;
    return intern(type, args);
  }
  default:
    return id;
  }
}

Bindings Checker::receiver_bindings(TypeId receiver) {
  Bindings bindings;
  receiver = resolve(receiver);
  const Type type = ty(receiver);
  bindings.self = receiver;
  const std::vector<TypeParamId>* params = nullptr;
  if (type.kind == TypeKind::Object || (type.kind == TypeKind::Meta && !type.is_trait)) {
    params = &program_.objects[type.id].type_params;
    if (type.kind == TypeKind::Meta) {
      // A static send: `Self` is an instance, whose parameters are unbound
      // until the arguments bind them (L85).
      std::vector<TypeId> args = args_of(receiver);
      if (args.size() != params->size()) {
        args.clear();
        for (size_t i = 0; i < params->size(); ++i)
          args.push_back(new_infer((*params)[i]));
      }
      bindings.self = object_type(type.id, args);
      for (size_t i = 0; i < params->size(); ++i)
        bindings.params.emplace_back((*params)[i], args[i]);
      return bindings;
    }
  } else if (type.kind == TypeKind::Trait) {
    params = &program_.traits[type.id].type_params;
  }
  if (params != nullptr) {
    const Type t = ty(receiver);
    for (size_t i = 0; i < params->size() && i < t.args_count; ++i)
      bindings.params.emplace_back((*params)[i], program_.type_arg(t, static_cast<uint32_t>(i)));
  }
  return bindings;
}

bool Checker::trait_requires(TraitId trait, TraitId required) {
  if (trait == required)
    return true;
  for (TypeId requirement : program_.traits[trait].requirements) {
    if (trait_requires(ty(requirement).id, required))
      return true;
  }
  return false;
}

// Whether `object` (with type arguments `object_args`) implements `trait`,
// directly or through a trait it implements; `trait_args` receives the
// trait's type arguments in terms of the object's.
bool Checker::object_implements(ObjectId object, TraitId trait, std::span<const TypeId> object_args,
                                std::vector<TypeId>* trait_args) {
  const Object& definition = program_.objects[object];
  Bindings bindings;
  for (size_t i = 0; i < definition.type_params.size() && i < object_args.size(); ++i)
    bindings.params.emplace_back(definition.type_params[i], object_args[i]);
  for (TypeId implemented : definition.traits) {
    TraitId id = ty(implemented).id;
    if (id == trait) {
      if (trait_args != nullptr) {
        for (TypeId arg : args_of(implemented))
          trait_args->push_back(subst(arg, bindings));
      }
      return true;
    }
  }
  for (TypeId implemented : definition.traits) {
    if (trait_requires(ty(implemented).id, trait))
      return true;
  }
  return false;
}

bool Checker::implements(TypeId given, TypeId trait) {
  given = resolve(given);
  const Type g = ty(given);
  const Type t = ty(trait);
  switch (g.kind) {
  case TypeKind::Error:
  case TypeKind::Never:
    return true;
  case TypeKind::Object:
  case TypeKind::Meta: {
    if (g.kind == TypeKind::Meta && g.is_trait)
      return false;
    std::vector<TypeId> trait_args;
    std::vector<TypeId> object_args =
        g.kind == TypeKind::Object ? args_of(given) : std::vector<TypeId>{};
    if (object_implements(g.id, t.id, object_args, &trait_args)) {
      std::vector<TypeId> expected = args_of(trait);
      for (size_t i = 0; i < trait_args.size() && i < expected.size(); ++i) {
        if (!compatible(trait_args[i], expected[i]))
          return false;
      }
      return true;
    }
    // Every object is an Object, so it has Object's traits (L84.4).
    return g.id != program_.builtins.object &&
           object_implements(program_.builtins.object, t.id, {}, nullptr);
  }
  case TypeKind::Trait:
    // The same generic trait: its type arguments must fit, which also
    // binds unbound ones (`Wrap.new(array.iter)` with `init(it:
    // Iterator!(A))` binds A to the array's element type, L85).
    if (g.id == t.id) {
      std::vector<TypeId> given_args = args_of(given);
      std::vector<TypeId> expected = args_of(trait);
      for (size_t i = 0; i < given_args.size() && i < expected.size(); ++i) {
        if (!compatible(given_args[i], expected[i]))
          return false;
      }
      return true;
    }
    return trait_requires(g.id, t.id) ||
           object_implements(program_.builtins.object, t.id, {}, nullptr);
  case TypeKind::TypeParam:
    for (TypeId bound : program_.type_params[g.id].bounds) {
      if (ty(bound).id == t.id || trait_requires(ty(bound).id, t.id))
        return true;
    }
    // Inside a method with `where T: Tr` (L86), T has Tr's bounds too:
    // `to_array.join(separator)` in a `where T: ToString` method.
    if (Frame* home = frame_ != nullptr ? method_frame() : nullptr) {
      for (const WhereBound& where : program_.methods[home->method].where) {
        if (where.param != g.id)
          continue;
        for (TypeId bound : where.bounds) {
          if (ty(bound).id == t.id || trait_requires(ty(bound).id, t.id))
            return true;
        }
      }
    }
    return object_implements(program_.builtins.object, t.id, {}, nullptr);
  case TypeKind::Block:
    return object_implements(program_.builtins.block, t.id, {}, nullptr) ||
           object_implements(program_.builtins.object, t.id, {}, nullptr);
  case TypeKind::Module:
    // L44: `impl Trait for ThisModule` makes the module itself a Trait.
    for (TypeId implemented : program_.modules[g.id].traits) {
      if (ty(implemented).id == t.id || trait_requires(ty(implemented).id, t.id))
        return true;
    }
    return object_implements(program_.builtins.module, t.id, {}, nullptr) ||
           object_implements(program_.builtins.object, t.id, {}, nullptr);
  case TypeKind::Any:
    // Any is a trait (L58): it has the traits Object implements (L84.4).
    return t.kind == TypeKind::Any ||
           object_implements(program_.builtins.object, t.id, {}, nullptr);
  case TypeKind::Infer:
    // Still unbound (`Map.from_array(Array.new, Array.new)`): the first
    // concrete type it meets is checked then.
    return true;
  case TypeKind::Optional:
    // L84.5: `?A` has a trait that both NilType and A implement, so
    // `assert.equal(array[0], 10)` binds `T: Mirrored + Equal` to ?Integer.
    return implements(nil_, trait) && implements(g.inner, trait);
  default:
    return false;
  }
}

bool Checker::satisfies_bounds(TypeId given, TypeParamId param) {
  given = resolve(given);
  if (ty(given).kind == TypeKind::SelfType) {
    // In an object's signatures Self is that object; in a trait's it is
    // every implementer, checked when each one implements the trait.
    if (frame_ != nullptr && frame_->self_type != kNoType && frame_->self_type != given)
      given = resolve(frame_->self_type);
    else if (declaring_self_ != kNoType)
      given = declaring_self_;
    else
      return true;
  }
  if (ty(given).kind == TypeKind::Infer)
    return true;
  std::pair<TypeId, TypeParamId> check{given, param};
  if (std::find(bounds_in_progress_.begin(), bounds_in_progress_.end(), check) !=
      bounds_in_progress_.end())
    return true;
  bounds_in_progress_.push_back(check);
  // A bound naming its own parameter is checked for the given type:
  // `Visit` fits `T: Compare!(T)` when it implements Compare!(Visit).
  Bindings itself;
  itself.params.emplace_back(param, given);
  bool satisfied = true;
  for (TypeId bound : program_.type_params[param].bounds) {
    if (!implements(given, subst(bound, itself))) {
      satisfied = false;
      break;
    }
  }
  bounds_in_progress_.pop_back();
  return satisfied;
}

// A type argument inferred from a prototype (`same(Boolean, True)`) is the
// object's instance type, so later instances fit it; generic prototypes
// keep their own type (their instance type needs type arguments).
TypeId Checker::instance_of_prototype(TypeId type) const {
  const Type& t = ty(resolve(type));
  if (t.kind != TypeKind::Meta || t.is_trait || !program_.objects[t.id].type_params.empty())
    return type;
  return program_.objects[t.id].instance_type;
}

bool Checker::mentions_infer(TypeId type, InferId infer) const {
  type = resolve(type);
  const Type& t = ty(type);
  switch (t.kind) {
  case TypeKind::Infer:
    return t.id == infer;
  case TypeKind::Optional:
    return mentions_infer(t.inner, infer);
  case TypeKind::Object:
  case TypeKind::Trait:
  case TypeKind::Meta:
  case TypeKind::Block:
    for (uint32_t i = 0; i < t.args_count; ++i) {
      if (mentions_infer(program_.type_arg(t, i), infer))
        return true;
    }
    if (t.kind != TypeKind::Block)
      return false;
    return (t.throw_type != kNoType && mentions_infer(t.throw_type, infer)) ||
           (t.return_type != kNoType && mentions_infer(t.return_type, infer));
  default:
    return false;
  }
}

bool Checker::compatible(TypeId given, TypeId expected) {
  given = resolve(given);
  expected = resolve(expected);
  if (given == expected)
    return true;
  const Type g = ty(given);
  const Type e = ty(expected);
  // `Self` in a body is the type of self there (L90).
  if (g.kind == TypeKind::SelfType && e.kind != TypeKind::SelfType && frame_ != nullptr &&
      frame_->self_type != given)
    return compatible(frame_->self_type, expected);
  if (g.kind == TypeKind::Error || e.kind == TypeKind::Error || g.kind == TypeKind::Never ||
      e.kind == TypeKind::Any)
    return true;
  // An unbound type argument takes the first concrete type it meets (L85),
  // unless that type contains the argument itself (`a.push(a[0])` on an
  // empty array): binding T to ?T would make T endless, so T stays unbound.
  if (e.kind == TypeKind::Infer) {
    if (!mentions_infer(given, e.id))
      program_.inferred[e.id] = instance_of_prototype(given);
    return true;
  }
  if (g.kind == TypeKind::Infer) {
    if (!mentions_infer(expected, g.id))
      program_.inferred[g.id] = expected;
    return true;
  }
  switch (e.kind) {
  case TypeKind::Optional:
    if (g.kind == TypeKind::Optional)
      return compatible(g.inner, e.inner);
    return is_nil(given) || compatible(given, e.inner);
  case TypeKind::TypeParam:
    return satisfies_bounds(given, e.id);
  case TypeKind::Trait:
    if (g.kind == TypeKind::Optional)
      return is_nil(given) || (implements(nil_, expected) && implements(g.inner, expected));
    return implements(given, expected);
  case TypeKind::Object:
    if (g.kind == TypeKind::Object && g.id == e.id) {
      // Generic instances are covariant (L84.7).
      for (uint32_t i = 0; i < g.args_count && i < e.args_count; ++i) {
        if (!compatible(program_.type_arg(g, i), program_.type_arg(e, i)))
          return false;
      }
      return true;
    }
    // A prototype is an object of its own type, as in 0.8.1 (`Boolean` is
    // a Boolean like `True` is): `same(True, Boolean)` binds T to Boolean.
    if (g.kind == TypeKind::Meta && !g.is_trait && g.id == e.id)
      return true;
    // Block values are instances of Block.
    if (g.kind == TypeKind::Block && e.id == program_.builtins.block)
      return true;
    // Modules are instances of Module (std::module), their prototype.
    if (g.kind == TypeKind::Module && e.id == program_.builtins.module)
      return true;
    // Trait values (`Equal`) are instances of Trait, the prototype of all
    // traits (STDLIB.md core::bootstrap): `implements_trait?(Equal)`.
    if (g.kind == TypeKind::Meta && g.is_trait && e.id == program_.builtins.trait)
      return true;
    // Everything but an optional is an Object (L84.2, L84.4).
    if (e.id == program_.builtins.object)
      return g.kind != TypeKind::Optional;
    return false;
  case TypeKind::Meta:
    return g.kind == TypeKind::Meta && g.id == e.id && g.is_trait == e.is_trait;
  case TypeKind::SelfType:
    // `Self` left in a body's types (an attribute `@children: Array!(Self)`,
    // a trait's `do (Self)`) is the type of self there (L90), so `self`
    // and values of that type fit it.
    if (g.kind == TypeKind::SelfType)
      return true;
    return frame_ != nullptr && frame_->self_type != kNoType &&
           ty(resolve(frame_->self_type)).kind != TypeKind::SelfType &&
           compatible(given, frame_->self_type);
  case TypeKind::Block: {
    if (g.kind != TypeKind::Block)
      return false;
    // L84.9: a lambda fits closures too; a closure only closures.
    if (e.block == BlockKind::Lambda && g.block != BlockKind::Lambda)
      return false;
    if (e.block == BlockKind::Method && g.block != BlockKind::Method)
      return false;
    if (g.args_count != e.args_count || g.rest != e.rest)
      return false;
    for (uint32_t i = 0; i < g.args_count; ++i) {
      if (!compatible(program_.type_arg(e, i), program_.type_arg(g, i)) &&
          !compatible(program_.type_arg(g, i), program_.type_arg(e, i)))
        return false;
    }
    if (e.return_type != kNoType) {
      TypeId given_return = g.return_type == kNoType ? nil_ : g.return_type;
      if (!compatible(given_return, e.return_type) &&
          !widen_inferred_result(given_return, expected))
        return false;
    }
    if (g.throw_type != kNoType && e.throw_type != kNoType &&
        !compatible(g.throw_type, e.throw_type))
      return false;
    return true;
  }
  default:
    return false;
  }
}

// Whether `type` is or contains the inferred parameter `infer`, looking
// through bindings (mentions_infer only sees what the binding resolves to).
bool Checker::reaches_infer(TypeId type, InferId infer) const {
  while (type != kNoType && ty(type).kind == TypeKind::Infer) {
    if (ty(type).id == infer)
      return true;
    type = program_.inferred[ty(type).id];
  }
  if (type == kNoType)
    return false;
  const Type& t = ty(type);
  switch (t.kind) {
  case TypeKind::Optional:
    return reaches_infer(t.inner, infer);
  case TypeKind::Object:
  case TypeKind::Trait:
  case TypeKind::Meta:
  case TypeKind::Block:
    for (uint32_t i = 0; i < t.args_count; ++i) {
      if (reaches_infer(program_.type_arg(t, i), infer))
        return true;
    }
    return t.kind == TypeKind::Block && t.return_type != kNoType &&
           reaches_infer(t.return_type, infer);
  default:
    return false;
  }
}

// L91 [DECISION]: when the blocks given for one inferred result differ only
// in optionality (`c.if(true: { flag = True }, false: { flag.if_true { .. } })`
// gives Boolean and ?Boolean, or one block is `{ Nil }`), the result becomes
// the optional type, whatever order the blocks come in. 0.8.1 accepted these
// without checking the second block at all (docs/wild.md).
bool Checker::widen_inferred_result(TypeId given, TypeId expected_block) {
  const Type block = ty(expected_block);
  TypeId infer = block.return_type;
  while (ty(infer).kind == TypeKind::Infer) {
    TypeId bound = program_.inferred[ty(infer).id];
    if (bound == kNoType)
      return false;
    if (ty(bound).kind != TypeKind::Infer)
      break;
    infer = bound;
  }
  if (ty(infer).kind != TypeKind::Infer)
    return false;
  // Only a pure result may widen: a block that also takes it as an argument
  // (`reduce(0) do (sum, x) { .. }`) was checked against the narrower type.
  for (uint32_t i = 0; i < block.args_count; ++i) {
    if (reaches_infer(program_.type_arg(block, i), ty(infer).id))
      return false;
  }
  TypeId bound = resolve(infer);
  given = resolve(given);
  TypeKind given_kind = ty(given).kind;
  if (given_kind == TypeKind::Error || given_kind == TypeKind::Never ||
      given_kind == TypeKind::Infer)
    return false;
  TypeId widened = kNoType;
  if (is_nil(bound) && !is_nil(given))
    widened = optional(given);
  else if (!is_nil(bound) && ty(bound).kind != TypeKind::Optional &&
           (is_nil(given) ||
            (given_kind == TypeKind::Optional && compatible(ty(given).inner, bound))))
    widened = optional(bound);
  if (widened == kNoType || ty(widened).kind != TypeKind::Optional)
    return false;
  program_.inferred[ty(infer).id] = widened;
  return true;
}

// Whether the method `given` can stand in for `expected` (L57: a trait's
// required method and its implementation; L89: NilType's method and the one
// of an optional's type). The bindings give `Self` and the owners' type
// parameters on each side; method type parameters match by position. Like
// block types (L84.9): the same arity and rest parameter, parameter types
// compatible in either direction, a compatible return type, and a throw type
// only if `expected` throws something it is compatible with.
bool Checker::signature_compatible(MethodId given, Bindings given_bindings, MethodId expected,
                                   const Bindings& expected_bindings) {
  const Method& g = program_.methods[given];
  const Method& e = program_.methods[expected];
  if (g.params.size() != e.params.size())
    return false;
  for (size_t i = 0; i < g.type_params.size() && i < e.type_params.size(); ++i)
    given_bindings.params.emplace_back(g.type_params[i], param_type(e.type_params[i]));
  for (size_t i = 0; i < g.params.size(); ++i) {
    const Local& given_param = program_.locals[g.params[i]];
    const Local& expected_param = program_.locals[e.params[i]];
    if (given_param.is_rest != expected_param.is_rest)
      return false;
    TypeId given_type = subst(given_param.type, given_bindings);
    TypeId expected_type = subst(expected_param.type, expected_bindings);
    if (!compatible(expected_type, given_type) && !compatible(given_type, expected_type))
      return false;
  }
  if (e.return_type != kNoType) {
    TypeId given_return = g.return_type == kNoType ? nil_ : subst(g.return_type, given_bindings);
    if (!compatible(given_return, subst(e.return_type, expected_bindings)))
      return false;
  }
  if (g.throw_type == kNoType)
    return true;
  return e.throw_type != kNoType &&
         compatible(subst(g.throw_type, given_bindings), subst(e.throw_type, expected_bindings));
}

} // namespace inko::check
