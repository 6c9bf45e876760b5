// string: build a string of at least SIZE bytes from the decimal numbers
// 0, 1, 2, ... each followed by a space, with a strings.Builder.
//
// Usage: string [SIZE]   (default SIZE = 10000000)
// Prints: result=<bytes of the string>,<numbers pushed>, work_ms.
package main

import (
	"fmt"
	"os"
	"strconv"
	"strings"
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
	size := intArg(1, 10000000)

	start := time.Now()
	var b strings.Builder
	bytes, count := 0, 0
	for bytes < size {
		piece := strconv.Itoa(count)
		b.WriteString(piece)
		b.WriteByte(' ')
		bytes += len(piece) + 1
		count++
	}
	s := b.String()
	elapsed := time.Since(start)

	if len(s) != bytes || !strings.HasSuffix(s, strconv.Itoa(count-1)+" ") {
		fmt.Fprintf(os.Stderr, "error: %d bytes, expected %d\n", len(s), bytes)
		os.Exit(1)
	}
	fmt.Printf("result=%d,%d\n", len(s), count)
	fmt.Printf("work_ms=%.3f\n", float64(elapsed.Nanoseconds())/1e6)
}
