import { createRoot } from 'react-dom/client';
createRoot(document.getElementById('root')!).render(<h1>Voucher Wallet</h1>);
