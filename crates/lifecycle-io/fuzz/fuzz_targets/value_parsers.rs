#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lifecycle_io::fuzzing::value_parsers(data));
