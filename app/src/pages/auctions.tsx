export function AuctionsPage() {
  return <div class="page"><p>Coming next.</p></div>;
}
