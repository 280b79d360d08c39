//! Password hashing off the async runtime, a few at a time.
//!
//! One argon2 hash works in 19 MiB for tens of milliseconds. Unbounded, a burst of sign-ins
//! grew the process by 19 MiB per attempt in flight (48 at once took it from 20 MB to
//! 936 MB), and even bounded to one per core on the blocking pool it reached 540 MB: each
//! new pool thread got its own allocator arena and kept its 19 MiB in it. So hashes run on
//! a fixed set of threads, one per core, each lending the same [`Memory`] to every hash it
//! runs. The others wait up to `wait` for a turn; past that the caller answers 503. A thread
//! idle for a second gives its memory back to the system.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{Semaphore, oneshot};

use super::passwords::Memory;

/// How long a sign-in waits for a free hasher before the server says it is busy.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);
/// A hasher idle this long frees its memory.
const IDLE: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum HashingError {
    /// Every hasher stayed busy for the whole wait.
    #[error("every password hasher stayed busy for {0:?}")]
    Busy(Duration),
    #[error("the password-hashing thread stopped")]
    Stopped,
}

type Work = Box<dyn FnOnce(&mut Memory) + Send>;

/// The hasher threads; cheap to clone (one set per app). The threads end when the last
/// clone is dropped.
#[derive(Clone)]
pub struct Hashing {
    permits: Arc<Semaphore>,
    queue: crossbeam_channel::Sender<Work>,
    size: usize,
    wait: Duration,
}

impl std::fmt::Debug for Hashing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Hashing({} threads, wait {:?})", self.size, self.wait)
    }
}

impl Hashing {
    /// `threads` hashers (at least one); callers wait up to `wait` for one.
    pub fn new(threads: usize, wait: Duration) -> std::io::Result<Self> {
        let size = threads.max(1);
        let (queue, jobs) = crossbeam_channel::unbounded::<Work>();
        for i in 0..size {
            let jobs = jobs.clone();
            std::thread::Builder::new()
                .name(format!("password-hasher-{i}"))
                .spawn(move || hasher(jobs))?;
        }
        Ok(Hashing {
            permits: Arc::new(Semaphore::new(size)),
            queue,
            size,
            wait,
        })
    }

    /// One hasher per core, the default wait.
    pub fn per_core() -> std::io::Result<Self> {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Self::new(cores, DEFAULT_WAIT)
    }

    /// How many hash at once.
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `work` (a hash or a verification, given the hasher's memory) once a hasher is
    /// free.
    pub async fn run<T, F>(&self, work: F) -> Result<T, HashingError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Memory) -> T + Send + 'static,
    {
        // A permit per hasher, held by the job itself until it has run: the queue never holds
        // more than the hashers can take at once, even when callers give up (a client that
        // closed its connection) and leave their jobs behind.
        let permit = tokio::time::timeout(self.wait, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| HashingError::Busy(self.wait))?
            .map_err(|_| HashingError::Stopped)?;
        let (answer, answered) = oneshot::channel();
        let job: Work = Box::new(move |memory| {
            // Nobody waits for this one any more: do not spend a hash on it.
            if !answer.is_closed() {
                let _ = answer.send(work(memory));
            }
            drop(permit);
        });
        self.queue.send(job).map_err(|_| HashingError::Stopped)?;
        answered.await.map_err(|_| HashingError::Stopped)
    }
}

/// One hasher thread: runs each job in its memory; frees the memory when idle.
fn hasher(jobs: crossbeam_channel::Receiver<Work>) {
    let mut memory = Memory::default();
    loop {
        match jobs.recv_timeout(IDLE) {
            Ok(job) => {
                // A job that panics must not take the thread (and its hashes) with it.
                let run = std::panic::AssertUnwindSafe(|| job(&mut memory));
                if std::panic::catch_unwind(run).is_err() {
                    tracing::error!("a password hash panicked");
                }
            }
            Err(crossbeam_channel::RecvTimeoutError::Timeout) => {
                if memory.is_held() {
                    memory.release();
                    release_freed_memory();
                }
            }
            Err(crossbeam_channel::RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Asks the allocator to return freed pages to the system (glibc keeps them otherwise).
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn no_more_than_the_limit_run_at_once_and_the_rest_wait_or_give_up() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let hashing = Hashing::new(2, Duration::from_millis(200)).expect("threads");
        let running = Arc::new(AtomicUsize::new(0));
        let most = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..6 {
            let (hashing, running, most) = (hashing.clone(), running.clone(), most.clone());
            tasks.push(tokio::spawn(async move {
                hashing
                    .run(move |_| {
                        let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(now, Ordering::SeqCst);
                        std::thread::sleep(Duration::from_millis(150));
                        running.fetch_sub(1, Ordering::SeqCst);
                    })
                    .await
            }));
        }
        let mut done = 0;
        let mut busy = 0;
        for task in tasks {
            match task.await.expect("task") {
                Ok(()) => done += 1,
                Err(HashingError::Busy(_)) => busy += 1,
                Err(e) => panic!("{e}"),
            }
        }
        assert_eq!(
            most.load(Ordering::SeqCst),
            2,
            "never more than two at once"
        );
        // The first two run at once; a third round would start after 300 ms, past the
        // 200 ms wait, so at least two gave up.
        assert!(done >= 2 && busy >= 2, "{done} ran, {busy} gave up");
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn hashes_run_in_the_threads_memory_and_a_panic_keeps_the_thread() {
        let hashing = Hashing::new(1, Duration::from_secs(5)).expect("threads");
        let hash = hashing
            .run(|memory| super::super::passwords::hash_with(memory, "sweep hard"))
            .await
            .expect("ran")
            .expect("hashed");
        let held = hashing.run(|memory| memory.is_held()).await.expect("ran");
        assert!(held, "the thread kept its memory for the next hash");
        let stored = hash.clone();
        let right = hashing
            .run(move |memory| super::super::passwords::verify_with(memory, "sweep hard", &stored))
            .await
            .expect("ran");
        assert!(right);
        let panicked = hashing.run(|_| -> () { panic!("boom") }).await;
        assert!(matches!(panicked, Err(HashingError::Stopped)));
        assert!(hashing.run(|_| 7).await.expect("still running") == 7);
        // Idle, it lets the memory go.
        tokio::time::sleep(IDLE + Duration::from_millis(300)).await;
        let held = hashing.run(|memory| memory.is_held()).await.expect("ran");
        assert!(!held, "freed after a second idle");
    }
}
