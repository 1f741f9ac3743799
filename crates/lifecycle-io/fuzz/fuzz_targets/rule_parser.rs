#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| lifecycle_io::fuzzing::rule_parser(data));
