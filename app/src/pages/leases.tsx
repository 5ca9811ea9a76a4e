export function LeasesPage() {
  return <div class="page"><p>Coming next.</p></div>;
}
