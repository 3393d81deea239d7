use clap::Parser;
use webhook_sandbox::Config;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let config = Config::parse();
    if let Err(e) = webhook_sandbox::serve(config).await {
        eprintln!("webhook-sandbox: {e}");
        std::process::exit(1);
    }
}
