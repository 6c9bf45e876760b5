// Running a program: `inkoc run`, `inkoc test` and the linker.
#pragma once

#include <string>
#include <vector>

namespace inko::driver {

// Runs a program and waits for it; returns its exit status, or -1 if it
// could not be started, 128 + signal if it was killed (and then sets
// `*killed_by` to the signal, when given).
int run_program(const std::vector<std::string>& argv, int* killed_by = nullptr);

// What a shell says about a program that `signal` killed: "killed by
// SIGKILL (signal 9; often the kernel's out-of-memory killer)".
std::string describe_signal(int signal);

// The command prefix that runs a program built for the target `triple`
// (e.g. aarch64-linux-gnu) on this machine: empty for the host's own
// target, else qemu's user-mode emulator for the target's architecture,
// given the target's libraries in /usr/TRIPLE when that directory exists.
// False, with `error` set, when no emulator is installed.
bool emulator_for(const std::string& triple, bool is_host, std::vector<std::string>& prefix,
                  std::string& error);

} // namespace inko::driver
