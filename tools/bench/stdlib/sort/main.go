// sort: append N pseudo-random ints to a slice, then sort.Ints.
//
// Usage: sort [N]   (default N = 1000000)
// Values: x(0) = 42, x(i+1) = (x(i) * 1103515245 + 12345) % 2147483648.
// Prints: result=<first>,<middle>,<last> of the sorted values, work_ms.
package main

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"
)

func intArg(i, def int) int {
	if len(os.Args) <= i {
		return def
	}
	v, err := strconv.Atoi(os.Args[i])
	if err != nil {
		fmt.Fprintf(os.Stderr, "bad argument %q: %v\n", os.Args[i], err)
		os.Exit(2)
	}
	return v
}

func main() {
	n := intArg(1, 1000000)

	start := time.Now()
	var values []int
	x := 42
	for i := 0; i < n; i++ {
		values = append(values, x)
		x = (x*1103515245 + 12345) % 2147483648
	}
	sort.Ints(values)
	elapsed := time.Since(start)

	if len(values) != n || !sort.IntsAreSorted(values) {
		fmt.Fprintf(os.Stderr, "error: %d values, sorted: %v\n", len(values), sort.IntsAreSorted(values))
		os.Exit(1)
	}
	fmt.Printf("result=%d,%d,%d\n", values[0], values[n/2], values[n-1])
	fmt.Printf("work_ms=%.3f\n", float64(elapsed.Nanoseconds())/1e6)
}
