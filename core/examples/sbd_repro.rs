fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    for s in dossier_core::sentences::split(&text) {
        println!("{:?} {:?}", s, &text[s.start..s.end]);
    }
}
