// factorial: N! with math/big by multiplying 2, 3, ..., N, computed R times
// to time it reliably.
//
// Usage: factorial [N] [R]   (defaults N = 2000, R = 100)
// Prints: result=<decimal digits of N!>,<sum of those digits>, work_ms.
package main

import (
	"fmt"
	"math/big"
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

func factorial(n int) *big.Int {
	product := big.NewInt(1)
	for factor := 2; factor <= n; factor++ {
		product.Mul(product, big.NewInt(int64(factor)))
	}
	return product
}

func main() {
	n := intArg(1, 2000)
	rounds := intArg(2, 100)

	start := time.Now()
	product := big.NewInt(1)
	for round := 0; round < rounds; round++ {
		product = factorial(n)
	}
	elapsed := time.Since(start)

	digits := product.String()
	digitSum := 0
	for i := 0; i < len(digits); i++ {
		digitSum += int(digits[i] - '0')
	}
	if n >= 2 && new(big.Int).Div(product, big.NewInt(int64(n))).Cmp(factorial(n-1)) != 0 {
		fmt.Fprintln(os.Stderr, "error: N! / N differs from (N - 1)!")
		os.Exit(1)
	}
	fmt.Printf("result=%d,%d\n", len(digits), digitSum)
	fmt.Printf("work_ms=%.3f\n", float64(elapsed.Nanoseconds())/1e6)
}
