// compose-loader loads a Docker Compose file with compose-go — the loader `docker compose` v2
// itself uses — and prints the resolved project as JSON (interpolated with the given
// environment, defaults applied, validated against the Compose specification), so that
// test/deploy/compose.test.ts checks what Docker would actually run.
//
//	compose-loader FILE [NAME=VALUE ...]
package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: compose-loader FILE [NAME=VALUE ...]")
		os.Exit(2)
	}
	file, err := filepath.Abs(os.Args[1])
	if err != nil {
		fail(err)
	}
	env := []string{}
	for _, pair := range os.Args[2:] {
		if !strings.Contains(pair, "=") {
			fail(fmt.Errorf("environment argument %q: expected NAME=VALUE", pair))
		}
		env = append(env, pair)
	}
	options, err := cli.NewProjectOptions(
		[]string{file},
		cli.WithWorkingDirectory(filepath.Dir(file)),
		cli.WithEnv(env),
		cli.WithResolvedPaths(false),
		cli.WithNormalization(true),
		cli.WithConsistency(true),
	)
	if err != nil {
		fail(err)
	}
	project, err := options.LoadProject(context.Background())
	if err != nil {
		fail(err)
	}
	out, err := project.MarshalJSON()
	if err != nil {
		fail(err)
	}
	os.Stdout.Write(out)
	fmt.Println()
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "compose-loader: %v\n", err)
	os.Exit(1)
}
