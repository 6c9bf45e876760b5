// map: insert N int keys into a map[int]int, then look every key up.
//
// Usage: map [N]   (default N = 1000000)
// Keys are k(i) = i * 48271 % 2147483647, the value of k(i) is i.
// Prints: result=<length>,<sum of looked-up values>, work_ms.
package main

import (
	"fmt"
	"os"
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

func keyOf(i int) int { return i * 48271 % 2147483647 }

func main() {
	n := intArg(1, 1000000)

	start := time.Now()
	m := map[int]int{}
	for i := 0; i < n; i++ {
		m[keyOf(i)] = i
	}
	sum := 0
	for i := 0; i < n; i++ {
		sum += m[keyOf(i)]
	}
	elapsed := time.Since(start)

	if want := n * (n - 1) / 2; len(m) != n || sum != want {
		fmt.Fprintf(os.Stderr, "error: length %d, sum %d, expected %d, %d\n", len(m), sum, n, want)
		os.Exit(1)
	}
	fmt.Printf("result=%d,%d\n", len(m), sum)
	fmt.Printf("work_ms=%.3f\n", float64(elapsed.Nanoseconds())/1e6)
}
