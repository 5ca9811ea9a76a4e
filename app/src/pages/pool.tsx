export function PoolPage() {
  return <div class="page"><p>Coming next.</p></div>;
}
