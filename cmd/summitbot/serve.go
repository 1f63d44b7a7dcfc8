package main

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/summitbot/summitbot/bot/discord"
	"github.com/summitbot/summitbot/bot/feedback"
	"github.com/summitbot/summitbot/retrieval"
)

// serve runs the Discord bot until ctx ends (SIGINT or SIGTERM), then lets
// answers in flight finish, closes the gateway, saves the last feedback and
// closes the index.
func (a *app) serve(ctx context.Context, args []string) error {
	fs := a.newFlags("serve")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments")
	}
	if a.cfg.DiscordToken == "" {
		return &usageError{errors.New("DISCORD_TOKEN is not set: create a bot in the Discord developer portal (see README, \"Discord bot\") and put its token in the environment or .env; to try summitbot offline meanwhile, run: summitbot ask \"How many troops could the multinational force include?\"")}
	}
	stopMetrics, err := a.startMetrics()
	if err != nil {
		return err
	}
	defer stopMetrics()
	c, err := a.openCore(ctx, a.cfg.IndexDir)
	if err != nil {
		return err
	}
	defer c.idx.Close()
	defer a.watchIndex(c.idx)() // until just before the index closes
	votes, err := feedback.Open(a.feedbackPath(), feedback.WithLogger(a.log))
	if err != nil {
		return err
	}
	defer func() { // after b.Run, which lets answers and clicks in flight finish
		if err := votes.Close(); err != nil {
			a.log.Error("saving feedback on shutdown failed: the latest votes are lost", "err", err)
		}
	}()
	b, err := discord.New(a.discordConfig(), c.engine, c.lib, votes, a.log)
	if err != nil {
		return err
	}
	h := a.listenHandoff(ctx, c) // the CLI beside the bot (handoff.go)
	defer h.Close()
	a.watchBot(b)
	a.log.Info("starting the Discord bot", "mode", c.engine.Mode(), "sources", len(c.idx.Sources()),
		"index", a.cfg.IndexDir, "feedback", votes.Path())
	// A rejected token (discord.ErrTokenRejected) ends serve with exit
	// status 1 and the sentence saying how to replace it.
	return b.Run(ctx)
}

// discordConfig is the bot's configuration from summitbot's.
func (a *app) discordConfig() discord.Config {
	queue := a.cfg.MaxQueue
	if queue == 0 {
		queue = -1 // for discord.Config, zero means the default and negative none
	}
	return discord.Config{
		Token:         a.cfg.DiscordToken,
		GuildID:       a.cfg.DiscordGuildID,
		AdminRoleIDs:  a.cfg.AdminRoleIDs,
		AdminUserIDs:  a.cfg.AdminUserIDs,
		APIBaseURL:    a.cfg.DiscordAPIBaseURL,
		RateLimit:     discord.RateLimit{Requests: a.cfg.RateLimit, Window: a.cfg.RateWindow},
		MaxConcurrent: a.cfg.MaxConcurrent,
		MaxQueue:      queue,
		AnswerTimeout: a.cfg.AnswerTimeout,
		Observer:      a.observer(),
	}
}

// feedbackPath is where the 👍/👎 votes are kept: INDEX_DIR/extras/feedback.json,
// beside the index it rates. Without an index directory the votes are kept in
// memory only.
func (a *app) feedbackPath() string {
	if a.cfg.IndexDir == "" {
		return ""
	}
	return filepath.Join(a.cfg.IndexDir, retrieval.ExtrasDir, "feedback.json")
}
