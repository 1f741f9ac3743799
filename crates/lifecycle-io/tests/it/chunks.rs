//! Reading in chunks of any size gives the same table as reading at once.

use lifecycle_io::csv::{CsvOptions, CsvReader, CsvTable, read};
use lifecycle_io::encoding::{Encoding, encode_windows1251};
use proptest::prelude::*;

fn chunked(bytes: &[u8], size: usize, options: CsvOptions) -> CsvTable {
    let mut r = CsvReader::new(options);
    let mut last = 0;
    for c in bytes.chunks(size.max(1)) {
        let p = r.feed(c);
        assert!(p.bytes_read >= last);
        last = p.bytes_read;
    }
    assert_eq!(last, bytes.len() as u64);
    r.finish()
}

fn encode(text: &str, encoding: Encoding, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    match encoding {
        Encoding::Utf8 => {
            if bom {
                out.extend(b"\xEF\xBB\xBF");
            }
            out.extend(text.as_bytes());
        }
        Encoding::Utf16Le => {
            out.extend([0xFF, 0xFE]);
            text.encode_utf16()
                .for_each(|u| out.extend(u.to_le_bytes()));
        }
        Encoding::Utf16Be => {
            out.extend([0xFE, 0xFF]);
            text.encode_utf16()
                .for_each(|u| out.extend(u.to_be_bytes()));
        }
        Encoding::Windows1251 => out = encode_windows1251(text),
    }
    out
}

/// Text made of the characters that matter to a CSV reader.
fn csv_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just(","),
            Just(";"),
            Just("\t"),
            Just("|"),
            Just("\""),
            Just("\r"),
            Just("\n"),
            Just("\r\n"),
            Just("a"),
            Just("Я"),
            Just("ё"),
            Just(" "),
            Just("🦔"),
            Just("1"),
        ],
        0..200,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn any_chunk_size_reads_the_same(
        text in csv_text(),
        encoding in prop_oneof![
            Just(Encoding::Utf8), Just(Encoding::Utf16Le), Just(Encoding::Utf16Be), Just(Encoding::Windows1251)
        ],
        bom in any::<bool>(),
        size in 1usize..64,
    ) {
        // Windows-1251 has no emoji.
        let text = if encoding == Encoding::Windows1251 { text.replace('🦔', "ж") } else { text };
        let bytes = encode(&text, encoding, bom);
        let whole = read(&bytes, CsvOptions::default());
        prop_assert_eq!(&chunked(&bytes, size, CsvOptions::default()), &whole);
        prop_assert_eq!(chunked(&bytes, 1, CsvOptions::default()), whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_chunk_the_same(bytes in proptest::collection::vec(any::<u8>(), 0..300), size in 1usize..17) {
        let whole = read(&bytes, CsvOptions::default());
        prop_assert_eq!(chunked(&bytes, size, CsvOptions::default()), whole);
    }
}

/// Files larger than the detection sample, cut at awkward places around it.
#[test]
fn large_files_chunk_the_same_across_the_sample_boundary() {
    let mut text = String::from("id;имя;заметка\r\n");
    let mut i = 0;
    while text.len() < 200_000 {
        text += &format!("{i};Имя {i} 🦔;\"строка 1\r\nстрока \"\"2\"\"; конец\"\r\n");
        i += 1;
    }
    text += "последняя;\"не закрыта\r\n";
    for encoding in [Encoding::Utf8, Encoding::Utf16Le] {
        let bytes = encode(&text, encoding, true);
        let whole = read(&bytes, CsvOptions::default());
        assert_eq!(whole.delimiter, ';');
        assert_eq!(whole.rows.len(), i + 1);
        assert_eq!(whole.errors.len(), 1, "{:?}", whole.errors);
        for size in [1, 3, 4096, 65_535, 65_536, 65_537, 1 << 20] {
            assert_eq!(
                chunked(&bytes, size, CsvOptions::default()),
                whole,
                "chunk size {size}"
            );
        }
    }
}

#[test]
fn the_user_can_override_encoding_and_delimiter() {
    let bytes = encode_windows1251("Имя,Город\r\nАнна,Казань\r\n");
    let forced = read(
        &bytes,
        CsvOptions {
            encoding: Some(Encoding::Windows1251),
            delimiter: Some(';'),
        },
    );
    assert!(forced.encoding_forced && forced.delimiter_forced);
    assert_eq!(forced.header, ["Имя,Город"]);
    let wrong = read(
        &bytes,
        CsvOptions {
            encoding: Some(Encoding::Utf8),
            delimiter: None,
        },
    );
    assert!(
        wrong.replaced_chars > 0,
        "a wrong encoding shows as replaced characters"
    );
}

/// A file where every row is malformed is reported row by row, quickly.
#[test]
fn many_bad_rows_are_each_reported() {
    let mut text = String::from("a,b\n");
    for i in 0..100_000 {
        text += &format!("{i},x,y\n");
    }
    let start = std::time::Instant::now();
    let t = read(text.as_bytes(), CsvOptions::default());
    assert_eq!(t.errors.len(), 100_000);
    assert_eq!(t.errors[99_999].row(), 100_001);
    assert!(start.elapsed().as_secs() < 10);
}

/// Reads `bytes` cut at `cuts` (byte offsets, any order, repeats allowed).
fn split_at(bytes: &[u8], cuts: &[usize]) -> CsvTable {
    let mut cuts: Vec<usize> = cuts.iter().map(|c| c % (bytes.len() + 1)).collect();
    cuts.sort_unstable();
    let mut r = CsvReader::new(CsvOptions::default());
    let mut start = 0;
    for cut in cuts.into_iter().chain([bytes.len()]) {
        r.feed(&bytes[start..cut]);
        start = cut;
    }
    r.finish()
}

proptest! {
    /// The app reads a file in slices cut wherever the slice size falls: in the
    /// middle of a UTF-8 character, between a CR and its LF, inside a quoted cell.
    #[test]
    fn any_split_reads_the_same(
        text in csv_text(),
        utf8 in any::<bool>(),
        cuts in proptest::collection::vec(0usize..10_000, 0..8),
    ) {
        let bytes = if utf8 {
            text.into_bytes()
        } else {
            encode_windows1251(&text.replace('🦔', "ж"))
        };
        let whole = read(&bytes, CsvOptions::default());
        prop_assert_eq!(split_at(&bytes, &cuts), whole);
    }
}

/// A Windows-1251 and a UTF-8 export larger than the app's 2 MiB read slice,
/// cut exactly at 1, 2, 3 and 4 MiB: at 1 and 3 MiB between the CR and the LF
/// of a line break inside a quoted cell, at 2 and 4 MiB inside the two bytes of
/// a UTF-8 letter (before the letter in Windows-1251). Every row reads as written.
#[test]
fn slices_cut_inside_a_quoted_line_break_or_a_letter_read_exactly() {
    const MIB: usize = 1 << 20;
    const NOTE: &str = "первая строка\r\nвторая «строка»";
    for utf8 in [false, true] {
        let encode = |text: &str| {
            if utf8 {
                text.as_bytes().to_vec()
            } else {
                encode_windows1251(text)
            }
        };
        let mut bytes = encode("id;Имя;Заметка\r\n");
        let mut expected: Vec<[String; 3]> = Vec::new();
        for k in 1..=4 {
            while bytes.len() + 200 < k * MIB {
                let i = expected.len();
                let row = [
                    i.to_string(),
                    format!("Клиент {i}"),
                    "обычная строка".to_owned(),
                ];
                bytes.extend(encode(&row.join(";")));
                bytes.extend(b"\r\n");
                expected.push(row);
            }
            let id = format!("особый-{k}");
            // Bytes of the row before the cut, without the ASCII padding.
            let before_cut = if k % 2 == 1 {
                encode(&format!("{id};Ёлкин Жора;\"первая строка\r")).len()
            } else {
                encode(&format!("{id};Ёлкин ")).len() + usize::from(utf8)
            };
            let pad = "x".repeat(k * MIB - bytes.len() - before_cut);
            let name = format!("Ёлкин {pad}Жора");
            bytes.extend(encode(&format!("{id};{name};\"{NOTE}\"\r\n")));
            expected.push([id, name, NOTE.to_owned()]);
            let cut = k * MIB;
            if k % 2 == 1 {
                assert_eq!(&bytes[cut - 1..=cut], b"\r\n");
            } else if utf8 {
                assert_eq!(&bytes[cut - 1..=cut], "Ж".as_bytes());
            } else {
                assert_eq!(bytes[cut], encode_windows1251("Ж")[0]);
            }
        }
        let whole = read(&bytes, CsvOptions::default());
        let sliced = chunked(&bytes, 2 * MIB, CsvOptions::default());
        let cut = split_at(&bytes, &[MIB, 2 * MIB, 3 * MIB, 4 * MIB]);
        for table in [&whole, &sliced, &cut] {
            assert_eq!(table.errors, [], "utf8 {utf8}");
            assert_eq!(table.replaced_chars, 0, "utf8 {utf8}");
            assert_eq!(table.header, ["id", "Имя", "Заметка"]);
            let rows: Vec<[String; 3]> = table
                .rows
                .iter()
                .map(|r| {
                    [
                        r.fields[0].clone(),
                        r.fields[1].clone(),
                        r.fields[2].clone(),
                    ]
                })
                .collect();
            assert!(rows == expected, "utf8 {utf8}: the rows differ");
        }
        assert_eq!(sliced, whole);
        assert_eq!(cut, whole);
    }
}
