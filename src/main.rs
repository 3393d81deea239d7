fn main() {
    leptos::mount::mount_to_body(webhook_console::app::App);
}
