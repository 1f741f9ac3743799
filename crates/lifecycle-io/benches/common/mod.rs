//! The generated CSV file both benchmarks read.

/// Rows of the full run (`cargo bench`); `cargo test --all-targets` runs 1 % of it.
pub const ROWS: usize = 1_000_000;
/// About 50 MB for the full run.
const BYTES_PER_ROW: usize = 50 * 1024 * 1024 / ROWS;

/// An events file of exactly `rows` rows and about 50 bytes a row, with quoted cells
/// and Cyrillic text, as a CRM export looks.
pub fn events_file(rows: usize) -> Vec<u8> {
    let target_bytes = rows * BYTES_PER_ROW;
    let mut out = String::with_capacity(target_bytes + 1024);
    out.push_str("contact_id,date,time,kind,amount,channel,note\r\n");
    let kinds = [
        "deal_won",
        "message_in",
        "call",
        "meeting",
        "nps",
        "campaign_sent",
    ];
    for i in 0..rows {
        out.push_str(&format!(
            "C{:07},2025-{:02}-{:02},{:02}:{:02},{},{}.{:02},email,\"",
            i % (rows / 10).max(1) + 1,
            i % 12 + 1,
            i % 28 + 1,
            9 + i % 9,
            i % 60,
            kinds[i % kinds.len()],
            (i * 7919) % 1_000_000,
            i % 100
        ));
        // Pad the note so that the file reaches the target size.
        let want = target_bytes * (i + 1) / rows;
        let note = "Звонок, договорились \"\"о встрече\"\" ";
        while out.len() + 3 < want {
            let room = want - out.len() - 3;
            let piece = if room >= note.len() {
                note
            } else {
                &"x".repeat(room)
            };
            out.push_str(piece);
        }
        out.push_str("\"\r\n");
    }
    out.into_bytes()
}
