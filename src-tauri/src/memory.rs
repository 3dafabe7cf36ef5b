//! Memory at rest. Starting a Tauri app touches far more code than a tray app runs afterwards:
//! the dynamic linker, GTK's start-up, our binary's own start-up paths, and the kernel maps in
//! up to 64 KiB around every page touched. Measured tray-only with one monitor (when WebKit
//! was still loaded at start; now it waits for the first window, `build/lazy_webkit.rs`),
//! about 40 of the process's 82 MiB resident were such file pages, never touched again.
//!
//! So once start-up has settled, and again when the last window has closed, Lookout asks the
//! kernel to reclaim its read-only file mappings now (`MADV_PAGEOUT`), as memory pressure
//! would later. Nothing is lost: a page needed again is read back from the file on its next
//! touch, and pages other processes also map are left alone by the kernel.

use std::time::Duration;

use tauri::{AppHandle, Manager, Runtime};

/// How long after start-up, or after the last window closed, before the pages are given back:
/// long enough for the tray, the first checks and a closing window's teardown to be done.
pub const SETTLE: Duration = Duration::from_secs(15);

/// After [`SETTLE`], gives back the start-up pages, unless a window is open by then (it is
/// using them; its closing schedules this again).
pub fn shed_when_settled<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(SETTLE).await;
        if !app.webview_windows().is_empty() {
            return;
        }
        match tokio::task::spawn_blocking(page_out_file_mappings).await {
            Ok(Ok(bytes)) => tracing::debug!(mib = bytes >> 20, "start-up pages given back"),
            Ok(Err(e)) => tracing::debug!(error = %e, "could not give back start-up pages"),
            Err(_) => {}
        }
    });
}

/// Asks the kernel to reclaim the resident pages of this process's read-only file mappings
/// (code and constants of the binary and its libraries, mapped fonts and caches). Returns the
/// bytes of address space advised. Kernels before 5.4 refuse the advice; that is an error.
#[cfg(target_os = "linux")]
pub fn page_out_file_mappings() -> std::io::Result<usize> {
    let maps = std::fs::read_to_string("/proc/self/maps")?;
    let mut advised = 0;
    let mut last_error = None;
    for (start, end) in read_only_file_mappings(&maps) {
        match page_out(start, end - start) {
            Ok(()) => advised += end - start,
            Err(e) => last_error = Some(e),
        }
    }
    match last_error {
        Some(e) if advised == 0 => Err(e),
        _ => Ok(advised),
    }
}

#[cfg(not(target_os = "linux"))]
pub fn page_out_file_mappings() -> std::io::Result<usize> {
    Ok(0)
}

/// The address ranges of `/proc/self/maps` lines that map a file and cannot be written.
/// Writable mappings are skipped: their changed pages are the program's data, which the
/// kernel could only reclaim by swapping.
#[cfg(target_os = "linux")]
fn read_only_file_mappings(maps: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    maps.lines().filter_map(|line| {
        let mut fields = line.split_whitespace();
        let range = fields.next()?;
        let perms = fields.next()?;
        let path = fields.nth(3)?;
        if perms.contains('w') || !path.starts_with('/') {
            return None;
        }
        let (start, end) = range.split_once('-')?;
        let start = usize::from_str_radix(start, 16).ok()?;
        let end = usize::from_str_radix(end, 16).ok()?;
        (end > start).then_some((start, end))
    })
}

#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn page_out(start: usize, len: usize) -> std::io::Result<()> {
    // SAFETY: MADV_PAGEOUT changes no memory contents the program can observe: the kernel
    // reclaims clean file pages (read back from the file on the next touch) and swaps out, or
    // keeps, changed ones, exactly as under memory pressure. It never frees or remaps a range.
    // A range unmapped since /proc/self/maps was read only makes the call fail with ENOMEM.
    let rc = unsafe { libc::madvise(start as *mut libc::c_void, len, libc::MADV_PAGEOUT) };
    if rc == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;
    use std::io::Write;
    use std::os::fd::AsRawFd;

    /// Resident KiB of this process's mapping that starts at `start`, from /proc/self/smaps.
    fn resident_kib(start: usize) -> u64 {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let head = format!("{start:x}-");
        let mut lines = smaps.lines().skip_while(|l| !l.starts_with(&head)).skip(1);
        lines
            .find_map(|l| l.strip_prefix("Rss:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("the mapping is in smaps")
    }

    #[test]
    fn only_read_only_file_mappings_are_chosen() {
        let maps = "\
55d0a000-55d0b000 r--p 00000000 fe:00 5391949    /usr/bin/lookout-desktop
55d0b000-55d0c000 r-xp 00001000 fe:00 5391949    /usr/bin/lookout-desktop
55d0c000-55d0d000 rw-p 00002000 fe:00 5391949    /usr/bin/lookout-desktop
55d0d000-55d0e000 rw-p 00000000 00:00 0          [heap]
7f000000-7f001000 r--p 00000000 00:00 0
7f001000-7f002000 r--s 00000000 fe:00 12         /var/cache/fontconfig/x.cache-8
7f002000-7f003000 r--p 00000000 fe:00 13         /tmp/a file with spaces
garbage line
";
        let chosen: Vec<_> = read_only_file_mappings(maps).collect();
        assert_eq!(
            chosen,
            vec![
                (0x55d0a000, 0x55d0b000),
                (0x55d0b000, 0x55d0c000),
                (0x7f001000, 0x7f002000),
                (0x7f002000, 0x7f003000),
            ]
        );
    }

    /// A file this process alone maps, read through: its pages are resident, and after the
    /// page-out they are not, while the mapping still reads the same bytes.
    #[test]
    #[allow(unsafe_code)]
    fn a_file_mapping_read_once_is_given_back_and_still_reads_the_same() {
        const LEN: usize = 8 << 20;
        // On the disk next to the test binary: a tmpfs file's pages could not be reclaimed.
        let dir = tempfile::tempdir_in(std::env::current_exe().unwrap().parent().unwrap()).unwrap();
        let path = dir.path().join("pages");
        let content: Vec<u8> = (0..LEN).map(|i| (i % 251) as u8).collect();
        let mut f = std::fs::File::create(&path).unwrap();
        f.write_all(&content).unwrap();
        f.sync_all().unwrap();
        let f = std::fs::File::open(&path).unwrap();
        // SAFETY: a fresh read-only private mapping of a file nobody else writes, unmapped
        // below before the file goes.
        let addr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                LEN,
                libc::PROT_READ,
                libc::MAP_PRIVATE,
                f.as_raw_fd(),
                0,
            )
        };
        assert_ne!(addr, libc::MAP_FAILED);
        // SAFETY: the mapping is LEN readable bytes and lives until munmap below.
        let mapped = unsafe { std::slice::from_raw_parts(addr as *const u8, LEN) };
        assert!(mapped == content.as_slice());
        let start = addr as usize;
        assert!(resident_kib(start) >= (LEN as u64 >> 10) * 9 / 10);

        let advised = page_out_file_mappings().expect("the kernel takes MADV_PAGEOUT");
        assert!(advised >= LEN);
        let after = resident_kib(start);
        assert!(
            after < (LEN as u64 >> 10) / 10,
            "{after} KiB still resident"
        );
        assert!(
            mapped == content.as_slice(),
            "the bytes read back are the file's"
        );

        // SAFETY: the mapping made above; `mapped` is not used after this.
        assert_eq!(unsafe { libc::munmap(addr, LEN) }, 0);
    }
}
