//! Build side of `build/lazy_webkit.c`: stubs for WebKitGTK's functions, so that the desktop
//! binary loads WebKit when its first window opens rather than at start-up (a tray app with no
//! window never maps it). x86-64 Linux only; elsewhere, or if anything here fails, the binary
//! links WebKit as usual and only a build warning says so.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

/// WebKitGTK's soname for the 4.1 API, which the app opens by name.
const SONAME: &str = "libwebkit2gtk-4.1.so.0";
/// WebKit's version functions, defined in lazy_webkit.c instead of stubbed.
const VERSION_GETTERS: [&str; 3] = [
    "webkit_get_major_version",
    "webkit_get_minor_version",
    "webkit_get_micro_version",
];
/// The libraries whose functions get stubs, with the prefix of their C API.
const LIBRARIES: [(&str, &str); 2] = [
    ("webkit2gtk-4.1", "webkit_"),
    ("javascriptcoregtk-4.1", "jsc_"),
];

pub fn build() {
    let arch = std::env::var("CARGO_CFG_TARGET_ARCH").unwrap_or_default();
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    println!("cargo:rerun-if-changed=build/lazy_webkit.c");
    if arch != "x86_64" || os != "linux" {
        return;
    }
    let mut names = Vec::new();
    for (package, prefix) in LIBRARIES {
        match exported_functions(package, prefix) {
            Ok(found) if !found.is_empty() => names.extend(found),
            Ok(_) => return skip(&format!("no {prefix}* functions found in {package}")),
            Err(e) => return skip(&e),
        }
    }
    // Answered without loading WebKit (lazy_webkit.c): wry asks at start-up only to learn that
    // WebKit is installed.
    names.retain(|n| !VERSION_GETTERS.contains(&n.as_str()));
    names.sort();
    names.dedup();
    let version = match pkg_config::Config::new()
        .cargo_metadata(false)
        .env_metadata(false)
        .probe(LIBRARIES[0].0)
    {
        Ok(lib) => lib.version,
        Err(e) => return skip(&e.to_string()),
    };
    let mut parts = version.split('.').map(|p| p.parse::<u32>().unwrap_or(0));
    let (major, minor, micro) = (
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
        parts.next().unwrap_or(0),
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    let stubs = out.join("lazy_webkit_stubs.S");
    if let Err(e) = std::fs::write(&stubs, assembly(&names)) {
        return skip(&e.to_string());
    }
    // Whole archive: every stub is in the link before wry's references are, so with the
    // linker's --as-needed libwebkit2gtk and libjavascriptcoregtk are not needed at start.
    let compiled = cc::Build::new()
        .define("LOOKOUT_WEBKIT_MAJOR", major.to_string().as_str())
        .define("LOOKOUT_WEBKIT_MINOR", minor.to_string().as_str())
        .define("LOOKOUT_WEBKIT_MICRO", micro.to_string().as_str())
        .file("build/lazy_webkit.c")
        .file(&stubs)
        .link_lib_modifier("+whole-archive")
        .try_compile("lookout_lazy_webkit");
    match compiled {
        Ok(()) => println!("cargo:rustc-link-lib=dl"),
        Err(e) => skip(&e.to_string()),
    }
}

fn skip(why: &str) {
    println!("cargo:warning=WebKit is linked at start-up, not loaded lazily: {why}");
}

/// The global functions named `prefix*` that the library of pkg-config `package` exports.
fn exported_functions(package: &str, prefix: &str) -> Result<Vec<String>, String> {
    let libdir = pkg_config::get_variable(package, "libdir").map_err(|e| e.to_string())?;
    let file = Path::new(&libdir).join(format!("lib{package}.so"));
    // Regenerated when the library file is newer than the last build. dpkg keeps a package's
    // file dates, so after a WebKit upgrade a release build should start clean; a stub missing
    // for a function the app calls only brings back WebKit's loading at start (the link
    // resolves that function to the library), never a failure.
    println!("cargo:rerun-if-changed={}", file.display());
    let out = Command::new("nm")
        .args(["-D", "--defined-only", "--format=posix"])
        .arg(&file)
        .output()
        .map_err(|e| format!("could not run nm: {e}"))?;
    if !out.status.success() {
        return Err(format!("nm failed on {}", file.display()));
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let (name, kind) = (f.next()?, f.next()?);
            let name = name.split('@').next()?;
            let plain = name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            (matches!(kind, "T" | "W") && name.starts_with(prefix) && plain)
                .then(|| name.to_string())
        })
        .collect())
}

/// A stub per name jumping through its slot; each slot starts at a thunk that puts the name's
/// index in %r11 and enters the resolver, which keeps the call's argument registers (and
/// %rax, the vector count of a variadic call) across loading WebKit, then jumps through the
/// filled slot with the caller's stack as it was. The slots have pages of their own, made
/// read-only once filled (lazy_webkit.c).
fn assembly(names: &[String]) -> String {
    let mut s = String::from(
        "\t.section .note.GNU-stack,\"\",@progbits\n\t.text\n\
         \t.p2align 4\n\
         \t.type lookout_webkit_resolve, @function\n\
         lookout_webkit_resolve:\n\
         \t.cfi_startproc\n\
         \tpushq %rbp\n\t.cfi_def_cfa_offset 16\n\t.cfi_offset %rbp, -16\n\
         \tmovq %rsp, %rbp\n\t.cfi_def_cfa_register %rbp\n\
         \tpushq %r11\n\tpushq %rdi\n\tpushq %rsi\n\tpushq %rdx\n\tpushq %rcx\n\tpushq %r8\n\
         \tpushq %r9\n\tpushq %rax\n\
         \tsubq $128, %rsp\n",
    );
    for i in 0..8 {
        let _ = writeln!(s, "\tmovdqu %xmm{i}, {}(%rsp)", i * 16);
    }
    s.push_str("\tcall lookout_webkit_load\n");
    for i in 0..8 {
        let _ = writeln!(s, "\tmovdqu {}(%rsp), %xmm{i}", i * 16);
    }
    s.push_str(
        "\taddq $128, %rsp\n\
         \tpopq %rax\n\tpopq %r9\n\tpopq %r8\n\tpopq %rcx\n\tpopq %rdx\n\tpopq %rsi\n\tpopq %rdi\n\
         \tpopq %r11\n\
         \tpopq %rbp\n\t.cfi_def_cfa %rsp, 8\n\
         \tleaq lookout_webkit_slots(%rip), %r10\n\
         \tjmpq *(%r10,%r11,8)\n\
         \t.cfi_endproc\n\
         \t.size lookout_webkit_resolve, .-lookout_webkit_resolve\n",
    );
    for (i, name) in names.iter().enumerate() {
        let _ = write!(
            s,
            "\t.globl {name}\n\t.hidden {name}\n\t.type {name}, @function\n\t.p2align 4\n\
             {name}:\n\tjmpq *lookout_webkit_slots+{off}(%rip)\n\
             .Lthunk{i}:\n\tmovl ${i}, %r11d\n\tjmp lookout_webkit_resolve\n\
             \t.size {name}, .-{name}\n",
            off = i * 8
        );
    }
    s.push_str(
        "\t.section .data.lookout_webkit_slots,\"aw\",@progbits\n\t.p2align 12\n\
         \t.globl lookout_webkit_slots\n\t.hidden lookout_webkit_slots\n\
         lookout_webkit_slots:\n",
    );
    for i in 0..names.len() {
        let _ = writeln!(s, "\t.quad .Lthunk{i}");
    }
    s.push_str(
        "\t.p2align 12\n\t.globl lookout_webkit_slots_end\n\t.hidden lookout_webkit_slots_end\n\
         lookout_webkit_slots_end:\n\t.section .rodata\n",
    );
    for (i, name) in names.iter().enumerate() {
        let _ = writeln!(s, ".Lname{i}:\n\t.asciz \"{name}\"");
    }
    s.push_str("\t.section .data.rel.ro\n\t.p2align 3\n\t.globl lookout_webkit_names\n\t.hidden lookout_webkit_names\nlookout_webkit_names:\n");
    for i in 0..names.len() {
        let _ = writeln!(s, "\t.quad .Lname{i}");
    }
    let _ = write!(
        s,
        "\t.p2align 3\n\t.globl lookout_webkit_count\n\t.hidden lookout_webkit_count\n\
         lookout_webkit_count:\n\t.quad {}\n\
         \t.globl lookout_webkit_soname\n\t.hidden lookout_webkit_soname\n\
         lookout_webkit_soname:\n\t.asciz \"{SONAME}\"\n",
        names.len()
    );
    s
}
