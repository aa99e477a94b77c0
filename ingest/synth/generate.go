package synth

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
)

// gen is one generation run: options, codes and the provider network.
type gen struct {
	opt   Options
	v     *vocab
	provs []provider
}

// scratch is a worker's reusable state.
type scratch struct {
	pcg    rand.PCG
	r      *rand.Rand
	p      person
	encs   []encounter
	extra  []extraCondition
	procs  []procedure
	bySeq  []int
	a1cYrs map[int]int
	tally  map[int][numTally]uint8 // per calendar year: care already given (see care.go)
}

// chunkSize is how many persons a worker generates before handing the output to the writer.
const chunkSize = 256

// Generate writes a synthetic provider network to opt.Out: for every provider a folder
// <provider-id> with one NDJSON file per resource type. The same Options give byte-identical
// files. Persons are generated in parallel chunks and written in order, so memory stays flat
// however many patients are asked for.
func Generate(ctx context.Context, opt Options) (Summary, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	if err := ctx.Err(); err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	starter, err := StarterCodes()
	if err != nil {
		return Summary{}, err
	}
	codes := opt.Codes
	if codes == nil {
		codes = starter
	}
	v, err := newVocab(codes, starter)
	if err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	g := &gen{opt: opt, v: v, provs: newNetwork(opt.Providers, opt.Seed)}

	fs, err := createFiles(opt.Out, g.provs)
	if err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	defer fs.close()

	sum := Summary{Providers: len(g.provs), Patients: opt.Patients, Resources: map[string]int64{}}
	var counts [numTypes]int64
	add := func(c *chunk) error {
		for t, n := range c.counts {
			counts[t] += n
		}
		sum.Shared += c.shared
		return fs.write(c)
	}

	net := newChunk(len(g.provs))
	writeNetwork(net, g.provs)
	if err := add(net); err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	if err := g.persons(ctx, add); err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	if err := fs.finish(); err != nil {
		return Summary{}, fmt.Errorf("generating synthetic data: %w", err)
	}
	for t, n := range counts {
		sum.Resources[resourceTypes[t]] = n
		sum.Records += int(n)
	}
	return sum, nil
}

// persons generates all persons in chunks on the available cores and hands the chunks to
// write in order. At most two chunks per worker are in flight.
func (g *gen) persons(ctx context.Context, write func(*chunk) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	nChunks := (g.opt.Patients + chunkSize - 1) / chunkSize
	workers := max(1, min(runtime.GOMAXPROCS(0), nChunks))
	inFlight := make(chan struct{}, 2*workers)
	jobs := make(chan int)
	results := make(chan *chunk, 2*workers)
	pool := sync.Pool{New: func() any { return newChunk(len(g.provs)) }}

	go func() {
		defer close(jobs)
		for i := range nChunks {
			select {
			case inFlight <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			s := &scratch{a1cYrs: map[int]int{}, tally: map[int][numTally]uint8{}}
			s.r = rand.New(&s.pcg)
			for i := range jobs {
				c := pool.Get().(*chunk)
				c.reset(i)
				from, to := i*chunkSize, min((i+1)*chunkSize, g.opt.Patients)
				for idx := from; idx < to; idx++ {
					g.person(s, c, idx)
				}
				select {
				case results <- c:
				case <-ctx.Done():
					return
				}
			}
		})
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	pending := map[int]*chunk{}
	next := 0
	var err error
	for c := range results {
		if err != nil {
			continue // drain
		}
		pending[c.idx] = c
		for {
			c, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			if err = write(c); err != nil {
				cancel()
				break
			}
			pool.Put(c)
			<-inFlight
		}
	}
	if err != nil {
		return err
	}
	if next < nChunks {
		return fmt.Errorf("generating persons: %w", context.Cause(ctx))
	}
	return nil
}

// person generates one person and writes their resources at every provider that sees them.
func (g *gen) person(s *scratch, c *chunk, idx int) {
	seedPCG(&s.pcg, g.opt.Seed, uint64(idx))
	r, p := s.r, &s.p
	g.newPerson(r, p, idx)
	if len(p.provs) > 1 {
		c.shared++
	}
	g.schedule(r, p, s)
	finishEncounters(p, s)
	g.writePerson(r, p, s, c)
}
