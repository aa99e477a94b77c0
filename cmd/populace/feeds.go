package main

import (
	"populace/ingest"
)

// feeds are the provider feeds the configuration describes: those of the feeds file, else
// one per provider folder of the inbox, else none. Feeds take the shared settings (poll
// schedule, ingest options) where they set none of their own.
func (c Config) feeds(opt ingest.Options) ([]ingest.Feed, error) {
	def := ingest.Feed{Schedule: c.PollSchedule, Options: opt, Retries: ingest.DefaultRetries}
	switch {
	case c.Feeds != "":
		feeds, err := ingest.ReadFeeds(c.Feeds, def)
		if err != nil {
			return nil, usagef("--feeds: %v", err)
		}
		return feeds, nil
	case c.Inbox != "":
		feeds, err := ingest.InboxFeeds(c.Inbox, def)
		if err != nil {
			return nil, usagef("--inbox: %v", err)
		}
		return feeds, nil
	}
	return nil, nil
}
