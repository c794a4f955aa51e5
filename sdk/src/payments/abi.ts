/**
 * ABI of contracts/payments/PaymentChannels.sol, copied from its Hardhat artifact (no Hardhat at run
 * time). test/payments/abi.test.ts fails when it drifts from the compiled contract.
 */
export const paymentChannelsAbi = [
  {
    inputs: [
      {
        internalType: "uint256",
        name: "withdrawalDelay_",
        type: "uint256"
      }
    ],
    stateMutability: "nonpayable",
    type: "constructor"
  },
  {
    inputs: [],
    name: "FailedCall",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "balance",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "max",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsBalanceOverflow",
    type: "error"
  },
  {
    inputs: [],
    name: "PaymentChannelsEmptyBatch",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "owed",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsInsolvent",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "balance",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsInsufficientBalance",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "free",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsInsufficientFreeBalance",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "uint256",
        name: "delay",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "min",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "max",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsInvalidDelay",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payee",
        type: "address"
      }
    ],
    name: "PaymentChannelsInvalidPayee",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "recovered",
        type: "address"
      }
    ],
    name: "PaymentChannelsInvalidSignature",
    type: "error"
  },
  {
    inputs: [],
    name: "PaymentChannelsNativeTokenNotAllowed",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "to",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsNativeTransferFailed",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "PaymentChannelsNoWithdrawalPlanned",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "cumulativeAmount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "claimed",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsNothingToClaim",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "received",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsTransferAmountMismatch",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "lapsedAt",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "timestamp",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsWithdrawalLapsed",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "unlockAt",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "timestamp",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsWithdrawalLocked",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "generation",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "current",
        type: "uint256"
      }
    ],
    name: "PaymentChannelsWrongGeneration",
    type: "error"
  },
  {
    inputs: [],
    name: "PaymentChannelsZeroAmount",
    type: "error"
  },
  {
    inputs: [],
    name: "ReentrancyGuardReentrantCall",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "SafeERC20FailedOperation",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "address",
        name: "to",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "TokenTransferReverted",
    type: "error"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "address",
        name: "to",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "sent",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "received",
        type: "uint256"
      }
    ],
    name: "TokenTransferUnproven",
    type: "error"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "claimed",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "skipped",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "paid",
        type: "uint256"
      }
    ],
    name: "BatchClaimed",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "owed",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "paid",
        type: "uint256"
      }
    ],
    name: "ClaimShortfall",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "bytes",
        name: "reason",
        type: "bytes"
      }
    ],
    name: "ClaimSkipped",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "cumulativeAmount",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "paid",
        type: "uint256"
      }
    ],
    name: "Claimed",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "balance",
        type: "uint256"
      }
    ],
    name: "Deposited",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "reserved",
        type: "uint256"
      }
    ],
    name: "Reserved",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "WithdrawalCancelled",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "unlockAt",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "generation",
        type: "uint256"
      }
    ],
    name: "WithdrawalPlanned",
    type: "event"
  },
  {
    anonymous: false,
    inputs: [
      {
        indexed: true,
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        indexed: true,
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        indexed: false,
        internalType: "uint256",
        name: "newGeneration",
        type: "uint256"
      }
    ],
    name: "Withdrawn",
    type: "event"
  },
  {
    inputs: [],
    name: "MAX_WITHDRAWAL_DELAY",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [],
    name: "MIN_WITHDRAWAL_DELAY",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [],
    name: "WITHDRAWAL_WINDOW",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "accountOf",
    outputs: [
      {
        internalType: "uint256",
        name: "balance",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "reserved",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "generation",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "cancelWithdrawal",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "channelOf",
    outputs: [
      {
        internalType: "uint256",
        name: "claimed",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "reserved",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        components: [
          {
            internalType: "address",
            name: "payer",
            type: "address"
          },
          {
            internalType: "uint256",
            name: "cumulativeAmount",
            type: "uint256"
          },
          {
            internalType: "uint256",
            name: "generation",
            type: "uint256"
          },
          {
            internalType: "bytes32",
            name: "r",
            type: "bytes32"
          },
          {
            internalType: "bytes32",
            name: "vs",
            type: "bytes32"
          }
        ],
        internalType: "struct IPaymentChannels.Claim",
        name: "voucher",
        type: "tuple"
      }
    ],
    name: "claim",
    outputs: [
      {
        internalType: "uint256",
        name: "paid",
        type: "uint256"
      }
    ],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        components: [
          {
            internalType: "address",
            name: "payer",
            type: "address"
          },
          {
            internalType: "uint256",
            name: "cumulativeAmount",
            type: "uint256"
          },
          {
            internalType: "uint256",
            name: "generation",
            type: "uint256"
          },
          {
            internalType: "bytes32",
            name: "r",
            type: "bytes32"
          },
          {
            internalType: "bytes32",
            name: "vs",
            type: "bytes32"
          }
        ],
        internalType: "struct IPaymentChannels.Claim[]",
        name: "vouchers",
        type: "tuple[]"
      }
    ],
    name: "claimBatch",
    outputs: [
      {
        internalType: "uint256",
        name: "paid",
        type: "uint256"
      }
    ],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "cumulativeAmount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "generation",
        type: "uint256"
      }
    ],
    name: "claimable",
    outputs: [
      {
        internalType: "uint256",
        name: "covered",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "owed",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "payableNow",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "coverOf",
    outputs: [
      {
        internalType: "uint256",
        name: "covered",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "claimed",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "generation",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "deposit",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [],
    name: "depositNative",
    outputs: [],
    stateMutability: "payable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "planWithdrawal",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      },
      {
        internalType: "address",
        name: "payee",
        type: "address"
      },
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    name: "reserve",
    outputs: [],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "withdraw",
    outputs: [
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      }
    ],
    stateMutability: "nonpayable",
    type: "function"
  },
  {
    inputs: [],
    name: "withdrawalDelay",
    outputs: [
      {
        internalType: "uint256",
        name: "",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  },
  {
    inputs: [
      {
        internalType: "address",
        name: "payer",
        type: "address"
      },
      {
        internalType: "address",
        name: "token",
        type: "address"
      }
    ],
    name: "withdrawalOf",
    outputs: [
      {
        internalType: "uint256",
        name: "amount",
        type: "uint256"
      },
      {
        internalType: "uint256",
        name: "unlockAt",
        type: "uint256"
      }
    ],
    stateMutability: "view",
    type: "function"
  }
] as const;
