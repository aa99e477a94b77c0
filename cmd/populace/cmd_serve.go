package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"populace/dashboard"
	"populace/warehouse"
)

func runServe(ctx context.Context, e env, args []string) error {
	var cfg Config
	fs := newFlagSet(e, "serve")
	configFlags(fs, &cfg, e.getenv)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	log, err := setup(e, cfg)
	if err != nil {
		return err
	}
	db, err := cfg.openWarehouse(ctx)
	if err != nil {
		return err
	}
	defer db.Close()
	return serve(ctx, e, cfg, db, log)
}

// serve runs the dashboard and the scheduler until ctx is cancelled, then shuts both down.
func serve(ctx context.Context, e env, cfg Config, db *warehouse.DB, log *slog.Logger) error {
	sched, err := newScheduler(ctx, cfg, db, log)
	if err != nil {
		return err
	}
	dash, err := dashboard.New(db, dashboard.Options{Logger: log, Version: version, Jobs: sched})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.Listen, err)
	}
	srv := &http.Server{
		Handler:           dash.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	sched.Start()
	fmt.Fprintf(e.stdout, "Populace dashboard: http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		err = srv.Shutdown(shutdownCtx)
		cancel()
	}
	sched.Stop()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
