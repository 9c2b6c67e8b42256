//! The one retry delay for background loops (relay, indexer, notification
//! worker): exponential from `min` to `max`, with jitter so that replicas
//! that failed together do not retry in lockstep.

use std::time::Duration;

use backon::{BackoffBuilder, ExponentialBackoff, ExponentialBuilder};

pub struct Backoff {
    builder: ExponentialBuilder,
    current: ExponentialBackoff,
    max: Duration,
}

impl Backoff {
    pub fn new(min: Duration, max: Duration) -> Self {
        let builder = ExponentialBuilder::new()
            .with_min_delay(min)
            .with_max_delay(max)
            .with_jitter()
            .without_max_times();
        Self {
            current: builder.build(),
            builder,
            max,
        }
    }

    /// The delay before the next attempt; grows with each failure.
    pub fn next_delay(&mut self) -> Duration {
        // Jitter adds up to one delay on top of a capped one.
        self.current.next().unwrap_or(self.max).min(self.max * 2)
    }

    /// After a success: the next failure starts from `min` again.
    pub fn reset(&mut self) {
        self.current = self.builder.build();
    }

    /// Sleeps for [`Backoff::next_delay`].
    pub async fn wait(&mut self) {
        tokio::time::sleep(self.next_delay()).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_to_the_cap_and_start_over_after_a_reset() {
        let (min, max) = (Duration::from_millis(100), Duration::from_secs(5));
        let mut backoff = Backoff::new(min, max);
        let delays: Vec<Duration> = (0..20).map(|_| backoff.next_delay()).collect();
        assert!(delays.iter().all(|d| *d >= min && *d <= max * 2));
        assert!(delays[19] >= max, "capped at max, plus jitter: {delays:?}");
        backoff.reset();
        assert!(backoff.next_delay() < min * 2);
    }
}
