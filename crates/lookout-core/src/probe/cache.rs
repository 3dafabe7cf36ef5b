//! Values built once per distinct private CA (a monitor's `ca_file`) and reused by every check.
//!
//! Keyed by the certificates themselves, not the file's path: a monitor re-validated after its
//! file changed brings new certificates and gets a new value. Bounded, so a stream of edited
//! files cannot grow it without end; such monitors are few, so eviction is rare and simple.

use std::collections::HashMap;
use std::sync::Mutex;

use rustls::pki_types::CertificateDer;

/// Distinct CAs kept at once.
const CAP: usize = 32;

type Key = Vec<CertificateDer<'static>>;

pub(crate) struct PerCa<T> {
    map: Mutex<HashMap<Key, T>>,
}

impl<T> Default for PerCa<T> {
    fn default() -> Self {
        PerCa {
            map: Mutex::new(HashMap::new()),
        }
    }
}

impl<T: Clone> PerCa<T> {
    /// The value for `certs`, built by `build` the first time. A failed build is not kept: the
    /// next check tries again (and reports the same error).
    pub fn get_or_build<E>(
        &self,
        certs: &[CertificateDer<'static>],
        build: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E> {
        if let Some(v) = self.lock().get(certs) {
            return Ok(v.clone());
        }
        // Built outside the lock: building a client reads the system's roots.
        let v = build()?;
        let mut map = self.lock();
        if map.len() >= CAP && !map.contains_key(certs) {
            if let Some(old) = map.keys().next().cloned() {
                map.remove(&old);
            }
        }
        map.insert(certs.to_vec(), v.clone());
        Ok(v)
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, T>> {
        // The map is consistent between statements: a panic elsewhere cannot corrupt it.
        self.map.lock().unwrap_or_else(|p| p.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cert(n: u8) -> Vec<CertificateDer<'static>> {
        vec![CertificateDer::from(vec![n; 8])]
    }

    #[test]
    fn builds_once_per_ca_and_stays_bounded() {
        let cache = PerCa::<u32>::default();
        let mut builds = 0;
        for _ in 0..3 {
            let v = cache.get_or_build(&cert(1), || {
                builds += 1;
                Ok::<_, ()>(7)
            });
            assert_eq!(v, Ok(7));
        }
        assert_eq!(builds, 1);
        assert_eq!(cache.get_or_build(&cert(2), || Err("bad")), Err("bad"));
        assert_eq!(cache.len(), 1, "a failed build is not kept");
        for n in 0..100 {
            cache
                .get_or_build(&cert(n), || Ok::<_, ()>(u32::from(n)))
                .unwrap();
        }
        assert_eq!(cache.len(), CAP);
    }
}
