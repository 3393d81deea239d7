fn main() {
    println!("webhook-sandbox: not built yet");
}
