//! Browser entry point: the app in a page, or the matrix worker in a worker.

fn main() {
    #[cfg(target_arch = "wasm32")]
    if iam_playground_web::worker::runtime::in_worker() {
        iam_playground_web::worker::runtime::serve();
        return;
    }
    yew::Renderer::<iam_playground_web::app::App>::new().render();
}
